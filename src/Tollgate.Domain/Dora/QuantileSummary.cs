namespace Tollgate.Domain.Dora;

/// <summary>Median and 90th percentile of a sample, with its size.</summary>
public sealed record QuantileSummary(double? Median, double? P90, int Samples);
