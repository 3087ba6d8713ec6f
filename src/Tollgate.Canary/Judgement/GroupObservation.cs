using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// What one group (baseline or canary) showed for one slice and metric, per evaluation step: event counts (errors) and
/// totals (requests) for ratios, histograms for latency, raw values for samples. <see cref="Present"/> is false when no
/// series matched at all; <see cref="HasNaN"/> when the source returned NaN or infinities.
/// </summary>
public sealed class GroupObservation(int steps)
{
    public bool Present { get; set; }

    /// <summary>True when the source returned NaN or infinities: there is a <see cref="NonFinite"/> value.</summary>
    public bool HasNaN => NonFinite is not null;

    /// <summary>The first NaN or infinite value: field, value, time and series, e.g. "total NaN at 2026-11-01T10:23:00Z in {…}".</summary>
    public string? NonFinite { get; set; }

    /// <summary>NaN points of a samples query left out (a step without a value, as 0/0 gives).</summary>
    public int NaNSamples { get; set; }

    /// <summary>Why the source's answer for this group cannot be judged (negative or absurd counts, errors above
    /// totals, missing slice labels, duplicate series); null when it can.</summary>
    public string? Problem { get; set; }

    /// <summary>
    /// Why the group's series miss steps of the window after their first point (scrapes failing, pods gone): what it
    /// served then is not in its counts, so the slice is never promoted on them; null when every step has a point.
    /// </summary>
    public string? Gap { get; set; }

    /// <summary>The steps with a point of the requests (total, buckets or samples) query, NaN included.</summary>
    public bool[] Covered { get; } = new bool[steps];

    public double[] Events { get; } = new double[steps];

    public double[] Totals { get; } = new double[steps];

    public Histogram?[] Histograms { get; } = new Histogram?[steps];

    public List<double> Samples { get; } = [];

    /// <summary>Bucket points as they arrive (step, bucket); turned into <see cref="Histograms"/> once all are in.</summary>
    public List<(int Step, HistogramBucket Bucket)> BucketPoints { get; } = [];

    public int Steps => Totals.Length;

    /// <summary>Requests (or observations, or samples) over the whole window, rounded to whole counts.</summary>
    public long Count => Samples.Count > 0 ? Samples.Count : (long)Math.Round(Totals.Sum());

    public long EventCount => (long)Math.Round(Events.Sum());

    /// <summary>All steps' histograms added up; null without any.</summary>
    public Histogram? Cumulative() =>
        Histograms.Where(h => h is not null).Aggregate((Histogram?)null, (sum, h) => sum is null ? h : Histogram.Sum(sum, h!));
}
