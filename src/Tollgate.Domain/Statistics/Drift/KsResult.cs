namespace Tollgate.Domain.Statistics.Drift;

/// <summary>A two-sample Kolmogorov-Smirnov test: D = sup |F_ref − F_cur| and its two-sided p-value.</summary>
public sealed record KsResult(double Statistic, double PValue, KsMethod Method);
