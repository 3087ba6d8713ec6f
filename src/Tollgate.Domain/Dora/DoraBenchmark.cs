namespace Tollgate.Domain.Dora;

/// <summary>One published value: in report <see cref="Year"/>, <see cref="Level"/> of <see cref="Metric"/> is read as <see cref="Kind"/> <see cref="Value"/>.</summary>
public sealed record DoraBenchmark(int Year, DoraMetric Metric, DoraLevel Level, BenchmarkKind Kind, double Value);
