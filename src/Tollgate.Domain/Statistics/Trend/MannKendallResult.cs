namespace Tollgate.Domain.Statistics.Trend;

/// <summary>Mann-Kendall on a series: S, its variance (tie-corrected, and inflated for autocorrelation when asked), Z, two-sided p, Kendall's τ-a.</summary>
public sealed record MannKendallResult(double S, double Variance, double Z, double PValue, double Tau);
