namespace Tollgate.Canary.Sources;

/// <summary>One series of a query result: its labels and its points (Unix seconds, value; NaN and ±Inf kept as such).</summary>
public sealed record MetricSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<MetricPoint> Points);
