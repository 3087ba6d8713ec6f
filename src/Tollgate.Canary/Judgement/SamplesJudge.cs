using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// Raw samples (e.g. per-pod latency per step): the relative check is a one-sided Mann-Whitney U test of the canary
/// against the baseline scaled by maxRatio, with the Hodges-Lehmann shift and its interval as the effect; the SLO is a
/// sign test of the canary's median against maxValue. Both are fixed-sample tests, so they may only fail a slice on the
/// final look (the window complete), never on every interval.
/// </summary>
internal static class SamplesJudge
{
    public static IEnumerable<CheckResult> Judge(SliceObservation o, CanarySpec spec, bool finalLook)
    {
        // Sort each sample once: the medians, Mann-Whitney and Hodges-Lehmann all read the sorted arrays.
        var canary = o.Canary.Samples.ToArray();
        var baseline = o.Baseline.Samples.ToArray();
        Array.Sort(canary);
        Array.Sort(baseline);
        var mb = Median(baseline);
        var mc = Median(canary);
        var (shift, low, high) = HodgesLehmann.ShiftSorted(canary, baseline, spec.Confidence);
        var common = new CheckResult(o.Slice, o.Metric.Name, "relative", CheckStatus.Within, "") with
        {
            BaselineValue = mb,
            CanaryValue = mc,
            BaselineCount = baseline.Length,
            CanaryCount = canary.Length,
            Ratio = mb > 0 ? (mb + shift) / mb : double.NaN,
            RatioInterval = mb > 0 ? ((mb + low) / mb, (mb + high) / mb) : (double.NaN, double.NaN),
        };
        if (o.Metric.MaxRatio is { } maxRatio)
        {
            var scaled = baseline.Select(v => v * maxRatio).ToArray();
            var p = MannWhitney.TestGreaterSorted(canary, scaled).PValue;
            yield return common with
            {
                Status = common.Ratio > maxRatio ? CheckStatus.Exceeds : CheckStatus.Within,
                Bound = maxRatio,
                PValue = p,
                DecisionPValue = finalLook ? p : 1,
                Test = "Mann-Whitney U against the baseline × maxRatio; Hodges-Lehmann shift" + (finalLook ? "" : " (decides on the final look only)"),
            };
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            var above = canary.LongCount(v => v > maxValue);
            var p = Binomial.TestGreater(above, canary.Length, 0.5);
            yield return common with
            {
                Rule = "slo",
                Status = mc > maxValue ? CheckStatus.Exceeds : CheckStatus.Within,
                Bound = maxValue,
                CanaryEvents = above,
                PValue = p,
                DecisionPValue = finalLook ? p : 1,
                Test = "sign test of the canary median (exact)" + (finalLook ? "" : " (decides on the final look only)"),
            };
        }
    }

    /// <summary>The median of a sorted sample.</summary>
    private static double Median(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }
}
