namespace Tollgate.Canary.Spec;

/// <summary>One metric of a canary spec: its queries (templates) and its bounds. <see cref="Line"/> is where it starts in the file.</summary>
public sealed record MetricSpec(string Name, MetricType Type, int Line)
{
    /// <summary>Ratio: the errors query.</summary>
    public QueryTemplate? Errors { get; init; }

    /// <summary>Ratio: the total requests query.</summary>
    public QueryTemplate? Total { get; init; }

    /// <summary>Latency: the bucket counts query (aggregated by <c>le</c> and the slice labels).</summary>
    public QueryTemplate? Buckets { get; init; }

    /// <summary>Samples: the query whose every point is one sample.</summary>
    public QueryTemplate? Samples { get; init; }

    /// <summary>Latency: the quantile judged, e.g. 0.99.</summary>
    public double Quantile { get; init; } = 0.99;

    /// <summary>The canary may not be worse than this multiple of the baseline (statistically).</summary>
    public double? MaxRatio { get; init; }

    /// <summary>The absolute SLO: the canary's value may not exceed this (statistically).</summary>
    public double? MaxValue { get; init; }

    /// <summary>This metric's own sample floor per slice and group (e.g. for a few samples per step); null: the spec's.</summary>
    public long? MinSamples { get; init; }

    /// <summary>Every query of this metric, with the field it came from.</summary>
    public IEnumerable<(string Field, QueryTemplate Query)> Queries()
    {
        if (Errors is not null)
        {
            yield return ("errors", Errors);
        }

        if (Total is not null)
        {
            yield return ("total", Total);
        }

        if (Buckets is not null)
        {
            yield return ("buckets", Buckets);
        }

        if (Samples is not null)
        {
            yield return ("samples", Samples);
        }
    }
}
