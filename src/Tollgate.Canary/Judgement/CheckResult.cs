namespace Tollgate.Canary.Judgement;

/// <summary>
/// One check (<c>relative</c> or <c>slo</c>, or the gate that stopped it: <c>min-samples</c>, <c>no-data</c>) of one metric
/// in one slice, with the evidence: both groups' values and counts, the ratio and its interval, the fixed-sample p-value,
/// the anytime-valid e-value and p-value, and the p-value after the family correction.
/// </summary>
public sealed record CheckResult(SliceKey Slice, string Metric, string Rule, CheckStatus Status, string Detail)
{
    public double BaselineValue { get; init; } = double.NaN;

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

    public double PValue { get; init; } = double.NaN;

    public double EValue { get; init; } = double.NaN;

    /// <summary>The p-value the decision uses before correction (anytime-valid where the test allows).</summary>
    public double DecisionPValue { get; init; } = double.NaN;

    public double AdjustedPValue { get; init; } = double.NaN;

    /// <summary>The test that produced the p-value, e.g. "conditional binomial (exact) + mixture e-value".</summary>
    public string Test { get; init; } = "";

    /// <summary>How values print: "%" for rates, "s" for latencies, "" otherwise.</summary>
    public string Unit { get; init; } = "";

    public bool Judged => Status is CheckStatus.Within or CheckStatus.Exceeds or CheckStatus.Worse;
}
