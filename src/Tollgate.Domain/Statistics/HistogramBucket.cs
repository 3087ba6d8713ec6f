namespace Tollgate.Domain.Statistics;

/// <summary>One cumulative bucket of a classic Prometheus histogram: how many observations were ≤ <see cref="UpperBound"/>.</summary>
public readonly record struct HistogramBucket(double UpperBound, double CumulativeCount);
