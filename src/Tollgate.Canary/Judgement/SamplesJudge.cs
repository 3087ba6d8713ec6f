using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// Raw samples (e.g. per-pod latency per step), with the ratio metric's rule. One test per slice: a one-sided
/// Mann-Whitney U of the canary against the baseline's values capped at maxValue ("no worse than the baseline, and
/// within the SLO"); a rule rolls back when that test is significant, the rule's own test is significant at the same
/// level (Mann-Whitney against the baseline for relative, a sign test of the median against maxValue for the SLO) and
/// its estimate (Hodges-Lehmann ratio, median) is beyond its bound. Fixed-sample tests: they decide on the final look only.
/// </summary>
internal static class SamplesJudge
{
    public static double MemberPValue(SliceObservation o)
    {
        var canary = Sorted(o.Canary.Samples);
        var baseline = Sorted(o.Baseline.Samples);
        return (o.Metric.MaxRatio, o.Metric.MaxValue) switch
        {
            ({ }, { } v) => MannWhitney.TestGreater(canary, baseline.Select(x => Math.Min(x, v)).ToArray()).PValue,
            ({ }, null) => MannWhitney.TestGreaterSorted(canary, baseline).PValue,
            (null, { } v) => Binomial.TestGreater(canary.LongCount(x => x > v), canary.Length, 0.5),
            _ => 1,
        };
    }

    public static IEnumerable<CheckResult> Checks(SliceObservation o, SliceLevel level, double member)
    {
        // Sort each sample once: the medians, Mann-Whitney and Hodges-Lehmann all read the sorted arrays.
        var canary = Sorted(o.Canary.Samples);
        var baseline = Sorted(o.Baseline.Samples);
        var mb = Median(baseline);
        var mc = Median(canary);
        var (shift, low, high) = HodgesLehmann.ShiftSorted(canary, baseline, 1 - 2 * level.Nominal);
        var final = level.Look >= level.Looks;
        var common = level.Stamp(new CheckResult(o.Slice, o.Metric.Name, "relative", CheckStatus.Within, "") with
        {
            BaselineValue = mb,
            CanaryValue = mc,
            BaselineCount = baseline.Length,
            CanaryCount = canary.Length,
            Ratio = mb > 0 ? (mb + shift) / mb : double.NaN,
            RatioInterval = mb > 0 ? ((mb + low) / mb, (mb + high) / mb) : (double.NaN, double.NaN),
            MemberPValue = member,
        });
        var suffix = final ? "" : " (decides on the final look only)";
        if (o.Metric.MaxRatio is { } maxRatio)
        {
            var p = MannWhitney.TestGreaterSorted(canary, baseline).PValue;
            var beyond = common.Ratio > maxRatio;
            yield return common with
            {
                Status = !beyond ? CheckStatus.Within : level.Rejected && p <= level.Nominal ? CheckStatus.Worse : CheckStatus.Exceeds,
                Bound = maxRatio,
                PValue = p,
                Test = "one test per slice: Mann-Whitney U against the baseline" + (o.Metric.MaxValue is null ? "" : " capped at maxValue") + "; Hodges-Lehmann shift" + suffix,
            };
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            var above = canary.LongCount(v => v > maxValue);
            var p = Binomial.TestGreater(above, canary.Length, 0.5);
            yield return common with
            {
                Rule = "slo",
                Status = !(mc > maxValue) ? CheckStatus.Within : level.Rejected && p <= level.Nominal ? CheckStatus.Worse : CheckStatus.Exceeds,
                Bound = maxValue,
                CanaryEvents = above,
                PValue = p,
                Test = "one test per slice; sign test of the canary median against maxValue (exact)" + suffix,
            };
        }
    }

    private static double[] Sorted(List<double> values)
    {
        var array = values.ToArray();
        Array.Sort(array);
        return array;
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
