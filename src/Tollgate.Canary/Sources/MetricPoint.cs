namespace Tollgate.Canary.Sources;

/// <summary>One sample of a series: when (Unix seconds) and what.</summary>
public readonly record struct MetricPoint(double Timestamp, double Value);
