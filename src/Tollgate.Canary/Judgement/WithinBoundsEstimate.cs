namespace Tollgate.Canary.Judgement;

/// <summary>
/// For a check within bounds whose interval still reaches past its bound (only not shown worse): about how many more
/// canary requests would bring the interval's upper end down to the bound. An estimate: the observed rates stay, the
/// baseline keeps its share of the traffic, and the interval's upper half (from the estimate to the upper end) narrows
/// as 1/√n at this look's level, so n must grow by (reach / room)² where room is the bound's distance from the estimate;
/// the ratio's reach and room are taken on the log scale (as its tests see it), the SLO's on the value's own; with no
/// canary events (an estimate of 0) the upper end narrows as 1/n, so n grows by upper / bound. None when
/// the estimate is at or above the bound (no traffic shows that within bounds), the interval is unbounded, or the check
/// is anything else.
/// </summary>
internal static class WithinBoundsEstimate
{
    public static CheckResult Stamp(CheckResult c) => c with { MoreForWithinBounds = More(c) };

    public static double? More(CheckResult c)
    {
        if (c.Status != CheckStatus.Within || c.CanaryCount <= 0)
        {
            return null;
        }

        var (estimate, upper) = c.Rule == "slo" ? (c.CanaryValue, c.CanaryInterval.Upper) : (c.Ratio, c.RatioInterval.Upper);
        if (!double.IsFinite(estimate) || !double.IsFinite(upper) || !(estimate < c.Bound) || !(upper > c.Bound))
        {
            return null;
        }

        if (estimate <= 0)
        {
            // No canary events at all: the upper end is then about −ln ν / n (Clopper-Pearson's, and the ratio's over a
            // baseline rate), narrowing as 1/n, not 1/√n, so n grows by upper / bound.
            return Math.Ceiling(c.CanaryCount * (upper / c.Bound - 1));
        }

        var (reach, room) = c.Rule != "slo"
            ? (Math.Log(upper / estimate), Math.Log(c.Bound / estimate))
            : (upper - estimate, c.Bound - estimate);
        var growth = reach / room;
        return Math.Ceiling(c.CanaryCount * (growth * growth - 1));
    }
}
