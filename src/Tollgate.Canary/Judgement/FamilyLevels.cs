using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// The family of slice-metrics at one look: each one's p-value adjusted for the looks (the repeated p-value of the
/// O'Brien-Fleming-type spending plan over window / interval looks), then for the family (Holm or Benjamini-Hochberg),
/// and the share of α each one was tested at, turned back into the nominal level of this look for its tests and
/// intervals. So a printed interval excludes the null exactly when the verdict says the test crossed.
/// </summary>
internal static class FamilyLevels
{
    /// <param name="look">Which look this is (<see cref="Look"/>): the canary's steps since its first traffic in the window.</param>
    public static SliceLevel[] Of(CanarySpec spec, IReadOnlyList<SliceObservation> members, IReadOnlyList<double> memberP, bool windowComplete, int look)
    {
        var alpha = 1 - spec.Confidence;
        var m = members.Count;
        var looks = spec.Steps;
        var lookP = members.Select((o, i) => o.Metric.Type == MetricType.Samples
            ? windowComplete ? memberP[i] : 1
            : GroupSequential.LookAdjustedPValue(memberP[i], look, looks)).ToArray();
        var adjusted = spec.Correction == Correction.Holm ? MultipleTesting.Holm(lookP) : MultipleTesting.BenjaminiHochberg(lookP);
        var rejected = adjusted.Select(a => a < alpha).ToArray();
        var shares = spec.Correction == Correction.Holm ? HolmShares(lookP, rejected, alpha) : Enumerable.Repeat(alpha * Math.Max(1, rejected.Count(r => r)) / Math.Max(1, m), m).ToArray();
        return members.Select((o, i) =>
        {
            var samples = o.Metric.Type == MetricType.Samples;
            return new SliceLevel(
                shares[i],
                samples ? shares[i] : GroupSequential.NominalLevel(shares[i], Math.Min(look, looks), looks),
                samples ? shares[i] : GroupSequential.NominalLevel(shares[i], looks, looks),
                lookP[i],
                adjusted[i],
                rejected[i],
                look,
                looks);
        }).ToArray();
    }

    /// <summary>
    /// Which look a window is: the canary's steps from its first step with traffic (in any slice) to the window's end.
    /// A stateless call (Argo Rollouts' every minute, <c>--at</c>) judges a fixed window whose steps before the canary
    /// started are empty, so a canary 4 minutes into a 10-minute window is look 4 of 10, at that look's level; one with
    /// traffic from the window's first step is its last look (or, for a watch past its window, a later one). Without any
    /// canary traffic, the window's steps.
    /// </summary>
    public static int Look(IReadOnlyList<SliceObservation> observations)
    {
        var steps = observations.Count == 0 ? 0 : observations.Max(o => o.Canary.Steps);
        var first = observations.Select(o => Array.FindIndex(o.Canary.Totals, t => t > 0)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        return Math.Max(1, steps - first);
    }

    /// <summary>Holm's step-down levels: the j-th smallest rejected p-value was tested at α/(m − j), the rest at α/(m − R).</summary>
    private static double[] HolmShares(double[] p, bool[] rejected, double alpha)
    {
        var m = p.Length;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var shares = new double[m];
        var stop = rejected.Count(r => r);
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            shares[i] = alpha / (m - (rejected[i] ? rank : stop));
        }

        return shares;
    }
}
