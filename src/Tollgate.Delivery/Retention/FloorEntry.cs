namespace Tollgate.Delivery.Retention;

/// <summary>A version the floor protects: in <see cref="Environment"/>, the <see cref="Role"/> (current, previous, before-previous) deploy's version.</summary>
public sealed record FloorEntry(string Environment, string Version, string Role, bool InRegistry);
