namespace Tollgate.Canary.Spec;

/// <summary>
/// A canary spec: where the metrics are, how long the canary must hold, how the two groups are selected, how traffic is
/// sliced, and what each metric may do. Loaded and validated by <see cref="SpecLoader"/>.
/// </summary>
public sealed record CanarySpec(
    string Path,
    Uri? Prometheus,
    TimeSpan Window,
    TimeSpan Interval,
    long MinSamples,
    string BaselineSelector,
    string CanarySelector,
    IReadOnlyList<string> SliceBy,
    IReadOnlyList<MetricSpec> Metrics)
{
    /// <summary>Confidence of every interval and 1 − the false-rollback rate of the whole family.</summary>
    public double Confidence { get; init; } = 0.99;

    public Correction Correction { get; init; } = Correction.Holm;

    /// <summary>Timeout of one request to the metric source.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True when the two groups are one service before and after a change (a deploy watch), not side by side: ratio
    /// metrics are then judged without each group's worst interval and with the baseline's own variation over time
    /// (<see cref="Judgement.OverTime"/>), since what changes with the hour is not cancelled by a group beside it.
    /// </summary>
    public bool OverTime { get; init; }

    /// <summary>What the loader accepted but the user should know, one line each with the file and line (printed as notes).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The spec file's text, for the report's digest.</summary>
    public string Text { get; init; } = "";

    /// <summary>Evaluation steps in one window.</summary>
    public int Steps => (int)(Window.Ticks / Interval.Ticks);
}
