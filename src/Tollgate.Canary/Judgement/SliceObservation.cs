using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Judgement;

/// <summary>Both groups' observations of one metric in one slice.</summary>
public sealed record SliceObservation(SliceKey Slice, MetricSpec Metric, GroupObservation Baseline, GroupObservation Canary)
{
    /// <summary>Why this metric has no series for the slice when other metrics have it; null when it answered.</summary>
    public string? Absent { get; init; }
}
