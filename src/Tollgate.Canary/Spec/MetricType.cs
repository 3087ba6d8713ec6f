namespace Tollgate.Canary.Spec;

/// <summary>What a metric's queries return and so which test judges it.</summary>
public enum MetricType
{
    /// <summary>Counts: errors out of total requests. Judged on the raw counts.</summary>
    Ratio,

    /// <summary>Classic histogram buckets (<c>le</c>). Judged on a quantile with its interval.</summary>
    Latency,

    /// <summary>Raw values (every point of every series is one sample). Judged by Mann-Whitney U and Hodges-Lehmann.</summary>
    Samples,
}
