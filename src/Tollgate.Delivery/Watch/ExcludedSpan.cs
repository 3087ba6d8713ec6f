namespace Tollgate.Delivery.Watch;

/// <summary>A span the pre-deploy baseline never reads: a failed deploy's minutes, up to the end of its rollback.</summary>
/// <param name="Version">The failed version, for the progress line.</param>
public sealed record ExcludedSpan(string Version, DateTimeOffset From, DateTimeOffset To);
