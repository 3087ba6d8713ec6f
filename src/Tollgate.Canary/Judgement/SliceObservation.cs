using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Judgement;

/// <summary>Both groups' observations of one metric in one slice.</summary>
public sealed record SliceObservation(SliceKey Slice, MetricSpec Metric, GroupObservation Baseline, GroupObservation Canary)
{
    /// <summary>Why this metric has no series for the slice when other metrics have it; null when it answered.</summary>
    public string? Absent { get; init; }

    /// <summary>Before and after a change: true when both groups had two intervals or more to look for a burst in (<see cref="OverTime.Trim"/>).</summary>
    public bool Checked { get; init; }

    /// <summary>Before and after a change: the interval (0-based) left out of each group as a burst, if any.</summary>
    public (int? Baseline, int? Canary) LeftOut { get; init; }

    /// <summary>Before and after a change: true for a slice with one interval before, judged on its SLO bound alone (<see cref="OverTime.SloOnly"/>).</summary>
    public bool SloOnly { get; init; }
}
