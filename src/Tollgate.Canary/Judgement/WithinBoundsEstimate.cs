namespace Tollgate.Canary.Judgement;

/// <summary>
/// For a check within bounds whose interval still reaches past its bound (only not shown worse): about how many more
/// canary requests would bring the interval's upper end down to the bound. An estimate: the observed rates stay and the
/// baseline keeps its share of the traffic, so every count the interval is computed from grows by the same factor f;
/// the check's own interval is recomputed on those counts at the window's last look's level (the level
/// <see cref="CheckResult.MoreCanaryRequests"/> uses, and the one every look after the window keeps), and the smallest
/// f whose upper end is at or under the bound gives (f − 1) × the canary's requests. 0 when the last look's level
/// would already show it within bounds on this traffic; none when the estimate is at or above the bound (no traffic
/// shows that within bounds), the interval is unbounded, more than 10,000 times the traffic would be needed, or the
/// check is anything else.
/// </summary>
internal static class WithinBoundsEstimate
{
    /// <param name="upperAtScale">The check's interval upper end with every count times f, at the last look's level.</param>
    public static CheckResult Stamp(CheckResult c, Func<double, double> upperAtScale) => c with { MoreForWithinBounds = More(c, upperAtScale) };

    public static double? More(CheckResult c, Func<double, double> upperAtScale)
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

        // The same search as the traffic needed to roll back: the first scale whose value is at or under the bound.
        return RatioJudge.More(c.CanaryCount, c.Bound, f => upperAtScale(f) is var u && double.IsNaN(u) ? double.PositiveInfinity : u);
    }
}
