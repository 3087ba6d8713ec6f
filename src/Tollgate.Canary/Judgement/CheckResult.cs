namespace Tollgate.Canary.Judgement;

/// <summary>
/// One check (<c>relative</c> or <c>slo</c>, or the gate that stopped it: <c>min-samples</c>, <c>no-data</c>) of one metric
/// in one slice, with the evidence: both groups' values and counts, the ratio and its interval at the level the verdict
/// used, the rule's and the slice-metric's p-values, adjusted for the looks and then for the family.
/// </summary>
public sealed record CheckResult(SliceKey Slice, string Metric, string Rule, CheckStatus Status, string Detail)
{
    public double BaselineValue { get; init; } = double.NaN;

    /// <summary>True for the <c>no-data</c> check of a slice whose groups miss steps of the window (<see cref="GroupObservation.Gap"/>): it holds beside the slice's tests.</summary>
    public bool Incomplete { get; init; }

    public double CanaryValue { get; init; } = double.NaN;

    public (double Lower, double Upper) CanaryInterval { get; init; } = (double.NaN, double.NaN);

    public long BaselineCount { get; init; }

    public long CanaryCount { get; init; }

    public long? BaselineEvents { get; init; }

    public long? CanaryEvents { get; init; }

    public double Ratio { get; init; } = double.NaN;

    public (double Lower, double Upper) RatioInterval { get; init; } = (double.NaN, double.NaN);

    /// <summary>maxRatio for <c>relative</c>, maxValue for <c>slo</c>.</summary>
    public double Bound { get; init; } = double.NaN;

    /// <summary>This rule's own one-sided p-value at this look, before any adjustment.</summary>
    public double PValue { get; init; } = double.NaN;

    /// <summary>The slice-metric's one test (both rules together) at this look: its nominal one-sided p-value.</summary>
    public double MemberPValue { get; init; } = double.NaN;

    /// <summary>The slice-metric's p-value adjusted for the looks: the smallest α whose boundary at this look it crosses.</summary>
    public double DecisionPValue { get; init; } = double.NaN;

    /// <summary>The look-adjusted p-value after the family correction: roll back needs it below 1 − confidence.</summary>
    public double AdjustedPValue { get; init; } = double.NaN;

    /// <summary>The one-sided nominal level this look's tests and intervals used (family and look accounted for).</summary>
    public double Level { get; init; } = double.NaN;

    /// <summary>This look and the looks the window plans (window / interval).</summary>
    public (int Look, int Looks) Looks { get; init; }

    /// <summary>For <c>min-samples</c>: the floor applied (the metric's own or the spec's) and the groups below it, canary first.</summary>
    public (long Floor, IReadOnlyList<string> Groups)? Below { get; init; }

    /// <summary>For a check beyond its bound but not significant: canary requests still needed at the current rates.</summary>
    public double? MoreCanaryRequests { get; init; }

    /// <summary>For a check within bounds but only not shown worse (its interval reaches past the bound): about how many
    /// more canary requests, at the observed rates, would show it within bounds (<see cref="WithinBoundsEstimate"/>);
    /// null otherwise, and when the estimate is at or above the bound.</summary>
    public double? MoreForWithinBounds { get; init; }

    /// <summary>Baseline requests borrowed from the other slices (empirical Bayes); 0 when nothing was pooled.</summary>
    public double BorrowedRequests { get; init; }

    /// <summary>The chi-square p-value that the slices' baseline rates agree (ratio metrics), NaN otherwise.</summary>
    public double HomogeneityPValue { get; init; } = double.NaN;

    /// <summary>Before and after a change: what every count was divided by for the tests (the baseline's variation over
    /// time beyond Poisson, at least 1); 1 side by side.</summary>
    public double Dispersion { get; init; } = 1;

    /// <summary>Before and after a change: the interval (0-based) each group left out as a burst, if any.</summary>
    public (int? Baseline, int? Canary) LeftOut { get; init; }

    /// <summary>The test that produced the p-value, e.g. "one test per slice: canary errors against the baseline rate".</summary>
    public string Test { get; init; } = "";

    /// <summary>How values print: "%" for rates, "s" for latencies, "" otherwise.</summary>
    public string Unit { get; init; } = "";

    public bool Judged => Status is CheckStatus.Within or CheckStatus.Exceeds or CheckStatus.Worse;
}
