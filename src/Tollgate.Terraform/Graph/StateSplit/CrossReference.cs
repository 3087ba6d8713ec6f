namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// One reference that would cross between two proposed states: <see cref="Consumer"/> reads
/// <see cref="Written"/>, which resolves to <see cref="Producer"/> (through <see cref="Via"/>).
/// <see cref="DependsOn"/> marks an ordering-only edge, which no data source can carry.
/// </summary>
public sealed record CrossReference(string Consumer, string Written, string Producer, IReadOnlyList<string> Via, bool DependsOn);
