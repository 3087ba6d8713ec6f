using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Models.Promotion;

/// <summary>
/// The KPI canary's decision, per slice and then as one: with Δ = candidate − live (signed so positive is better) and
/// the allowed loss δ, a slice <b>regresses</b> when the anytime-valid test rejects Δ ≥ −δ (Holm across slices at α,
/// so the chance of rolling back a candidate that is within its allowance in every slice stays at most α, however
/// often the log is re-judged); it is <b>non-inferior</b> when the test rejects Δ ≤ −δ at α. Promote needs every
/// slice non-inferior (an intersection-union test: no correction needed); any regression rolls back; anything else
/// holds, including a slice with fewer than minSamples requests of either model. Means are compared with Welch's
/// variance; the mixture's τ is the allowed loss, or, when a relative allowance is 0 because the live KPI is 0, 0.1 of
/// the larger arm's standard deviation; the slice says which τ it used (<see cref="KpiSlice.Tau"/>). An arm whose KPI
/// is constant (no conversion at all, every request converted) takes the variance it would have with one more request
/// at each end of the KPI's range (0 and 1 for a 0/1 KPI: Agresti and Caffo's one success and one failure; else the
/// smaller and larger of the two means), so zero chargebacks in 50,000 requests is evidence, as one in 50,000 is; where
/// even that leaves no variance (both arms the same constant, not 0/1) the tests take their limit as V → 0: p 0 on
/// the side Δ lies, 1 on the other.
/// </summary>
public static class KpiJudge
{
    public static (Verdict Verdict, IReadOnlyList<KpiSlice> Slices) Judge(IReadOnlyList<(string Slice, double[] Candidate, double[] Live)> data, KpiSpec spec) =>
        Decide([.. data.Select(d => Compare(d.Slice, d.Candidate, d.Live, spec))], spec);

    /// <summary>The same from what a metrics source counted per slice (<see cref="KpiPrometheus"/>).</summary>
    public static (Verdict Verdict, IReadOnlyList<KpiSlice> Slices) Judge(IReadOnlyList<(string Slice, KpiArm Candidate, KpiArm Live)> data, KpiSpec spec)
    {
        var proportion = spec.Prometheus?.TotalSquares is null;
        return Decide([.. data.Select(d => Compare(d.Slice, d.Candidate.Moments(proportion), d.Live.Moments(proportion), spec, proportion))], spec);
    }

    internal static (Verdict Verdict, IReadOnlyList<KpiSlice> Slices) Decide(List<KpiSlice> slices, KpiSpec spec)
    {
        var judged = slices.Select((s, i) => (s, i)).Where(x => !x.s.TooSmall).ToArray();
        var adjusted = MultipleTesting.Holm(judged.Select(x => x.s.RegressionP).ToArray());
        for (var k = 0; k < judged.Length; k++)
        {
            var s = judged[k].s;
            slices[judged[k].i] = s with { AdjustedRegressionP = adjusted[k], Regressed = adjusted[k] < spec.Alpha, NonInferior = s.NonInferiorityP < spec.Alpha };
        }

        var verdict = slices.Any(s => s.Regressed) ? Verdict.Fail
            : slices.Count > 0 && slices.All(s => s.NonInferior) ? Verdict.Pass
            : Verdict.Hold;
        return (verdict, slices);
    }

    public static KpiSlice Compare(string slice, double[] candidate, double[] live, KpiSpec spec)
    {
        var (mc, vc) = MeanVariance(candidate);
        var (ml, vl) = MeanVariance(live);
        var zeroOne = candidate.All(v => v is 0 or 1) && live.All(v => v is 0 or 1);
        return Compare(slice, (candidate.Length, mc, vc), (live.Length, ml, vl), spec, zeroOne);
    }

    /// <summary>
    /// The same from each arm's count, mean and sample variance (what a simulation or a metrics source has);
    /// <paramref name="zeroOne"/> when the KPI is 0 or 1 per request (a conversion), for the variance of a constant arm.
    /// </summary>
    public static KpiSlice Compare(string slice, (int Count, double Mean, double Variance) candidateArm, (int Count, double Mean, double Variance) liveArm, KpiSpec spec, bool zeroOne = false)
    {
        var (nc, mc, vc) = candidateArm;
        var (nl, ml, vl) = liveArm;
        var result = new KpiSlice(slice, nc, nl, mc, ml);
        if (nc < spec.MinSamples || nl < spec.MinSamples)
        {
            return result with { TooSmall = true };
        }

        var (low, high) = zeroOne ? (0.0, 1.0) : (Math.Min(mc, ml), Math.Max(mc, ml));
        vc = vc > 0 ? vc : ConstantArmVariance(nc, mc, low, high);
        vl = vl > 0 ? vl : ConstantArmVariance(nl, ml, low, high);
        var sign = spec.HigherIsBetter ? 1.0 : -1.0;
        var difference = (sign * (mc - ml)) + 0.0; // + 0.0: equal arms print Δ 0, not -0
        var allowed = spec.MaxDropAbsolute ?? spec.MaxDrop * Math.Abs(ml);
        var variance = vc / nc + vl / nl;
        // The spec refuses a zero allowance; a relative one is 0 only on a live KPI of 0, where τ takes the arms' spread.
        var tau = allowed > 0 ? allowed : 0.1 * Math.Sqrt(Math.Max(vc, vl));

        if (!(variance > 0))
        {
            // Both arms the same constant (not a 0/1 KPI): Λ → ∞ as V → 0 wherever Δ̂ ≠ −δ, so the limit decides.
            return result with
            {
                Difference = difference,
                StandardError = 0,
                Interval = (difference, difference),
                AllowedLoss = allowed,
                Tau = tau,
                RegressionP = difference < -allowed ? 0 : 1,
                NonInferiorityP = difference > -allowed ? 0 : 1,
            };
        }

        return result with
        {
            Difference = difference,
            StandardError = Math.Sqrt(variance),
            Interval = AlwaysValid.Interval(difference, variance, tau * tau, spec.Alpha),
            AllowedLoss = allowed,
            Tau = tau,
            RegressionP = AlwaysValid.OneSided(difference, variance, -allowed, tau * tau, greater: false),
            NonInferiorityP = AlwaysValid.OneSided(difference, variance, -allowed, tau * tau, greater: true),
        };
    }

    /// <summary>
    /// The sample variance (ddof 1) of a constant arm of <paramref name="n"/> requests at <paramref name="mean"/> with one
    /// more request at <paramref name="low"/> and one at <paramref name="high"/>: 1/(n+2) for a 0/1 KPI at 0 or 1.
    /// </summary>
    internal static double ConstantArmVariance(int n, double mean, double low, double high)
    {
        if (n < 1 || double.IsNaN(mean))
        {
            return 0;
        }

        var m = ((n * mean) + low + high) / (n + 2);
        var squares = (n * (mean - m) * (mean - m)) + ((low - m) * (low - m)) + ((high - m) * (high - m));
        return squares / (n + 1);
    }

    private static (double Mean, double Variance) MeanVariance(double[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        double mean = 0, m2 = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }

        return (mean, values.Length > 1 ? m2 / (values.Length - 1) : 0);
    }
}
