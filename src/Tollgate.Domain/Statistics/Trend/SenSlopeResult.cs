namespace Tollgate.Domain.Statistics.Trend;

/// <summary>Sen's slope (per unit of the time axis) with Conover's intercept and a confidence interval.</summary>
public sealed record SenSlopeResult(double Slope, double Intercept, double Low, double High);
