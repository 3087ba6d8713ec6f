namespace Tollgate.Domain.Statistics;

/// <summary>
/// Group-sequential boundaries for K equally spaced looks (information fractions t = k/K), with the one-sided
/// O'Brien-Fleming-type Lan-DeMets spending function α(t) = 2 − 2Φ(z₁₋α/₂ / √t) (Lan and DeMets, Biometrika 1983):
/// early looks spend almost nothing, so the last look keeps nearly the fixed-sample level. Boundaries come from the
/// recursive numerical integration of Armitage, McPherson and Rowe (1969) over the Brownian motion of the score,
/// on a Simpson grid (<see cref="SpendingRecursion"/>; beyond 30 looks on a grid scaled to one look's step,
/// <see cref="StepScaledRecursion"/>). <see cref="LookAdjustedPValue"/> is the repeated p-value: the smallest overall α at which the
/// evidence at this look crosses its boundary; it and <see cref="NominalLevel"/> read a table of levels by α
/// (<see cref="SpendingTable"/>).
/// </summary>
public static class GroupSequential
{
    /// <summary>
    /// The most looks a spec may plan. The levels are right to 1,000 looks (up to 30 the 81-point grid's crossing
    /// probabilities match the spending function within 0.7 % for α from 1e-9 to 0.5; beyond, the grid scaled to one
    /// look's step within 0.02 %, and the last look's cumulative crossing is α to 1e-5 at 50 to 1,000 looks against SciPy).
    /// The limit is the time: a process computes the α columns of the table (<see cref="SpendingTable"/>) that its first
    /// call reads, about 70–100 ms of CPU for a look-adjusted p-value and a nominal level at 240 looks (a 4-hour window of
    /// 1-minute steps), 25–35 ms at 120 and 0.2 s at 1,000 (measured 2026-12-07, load 36–56 on 2 cores; all 82 columns
    /// were 0.35 s at 240 there).
    /// </summary>
    public const int MaxLooks = 240;

    /// <summary>
    /// Up to this many looks the levels come from the 81-point grid (<see cref="SpendingRecursion"/>, unchanged); beyond,
    /// from the grid scaled to one look's step (<see cref="StepScaledRecursion"/>).
    /// </summary>
    internal const int CoarseGridLooks = 30;

    /// <summary>The O'Brien-Fleming-type spending function: the part of α spent by information fraction t.</summary>
    public static double Spending(double t, double alpha)
    {
        if (t <= 0)
        {
            return 0;
        }

        if (t >= 1 || alpha >= 1)
        {
            return Math.Min(alpha, 1);
        }

        return 2 * Normal.Survival(-Normal.Quantile(alpha / 2) / Math.Sqrt(t));
    }

    /// <summary>The one-sided nominal level at each of <paramref name="looks"/> equally spaced looks for overall <paramref name="alpha"/>.</summary>
    public static double[] NominalLevels(double alpha, int looks) => looks <= CoarseGridLooks
        ? SpendingRecursion.NominalLevels(alpha, looks)
        : StepScaledRecursion.NominalLevels(alpha, looks);

    /// <summary>
    /// The repeated p-value of a one-sided nominal p-value seen at look <paramref name="look"/> of <paramref name="looks"/>:
    /// the smallest overall α whose boundary at this look the evidence crosses. Looks beyond the plan use the last boundary.
    /// </summary>
    public static double LookAdjustedPValue(double nominalP, int look, int looks)
    {
        if (nominalP >= 1 || double.IsNaN(nominalP))
        {
            return 1;
        }

        looks = Math.Max(1, looks);
        look = Math.Clamp(look, 1, looks);
        if (looks == 1)
        {
            return Math.Max(0, nominalP);
        }

        // Never below the nominal p-value itself: each look's level is at most α, so evidence at p crosses no
        // boundary of an α below p. Interpolating the table in log-log, or extrapolating it far out (p ≈ 1e-85), could
        // land a rounding under it, and a report would show a look-adjusted p-value below the unadjusted one.
        return Math.Max(nominalP, FromTable(SpendingTable.RowOf(looks, look), nominalP));
    }

    // The smallest α of the look's row whose level is at least nominalP, interpolated in log-log between its cells: a
    // bisection over the row (increasing in α), so only the ~7 columns it reads are computed.
    private static double FromTable(SpendingTable.Row row, double nominalP)
    {
        // row[lo] < nominalP ≤ row[hi], where lo = −1 is below every cell and hi = Alphas above every cell.
        int lo = -1, hi = SpendingTable.Alphas;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (nominalP <= row[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        if (hi == 0)
        {
            // Below the table (α < 1e-20): far beyond any family's level; extrapolate in log-log from the first cell.
            return nominalP <= 0 ? 0 : Math.Exp(LogAlpha(0) + (Math.Log(nominalP) - Math.Log(row[0])) * Slope(row, 0));
        }

        if (hi == SpendingTable.Alphas)
        {
            return 1;
        }

        var x0 = Math.Log(row[lo]);
        var x1 = Math.Log(row[hi]);
        var w = x1 > x0 ? (Math.Log(nominalP) - x0) / (x1 - x0) : 1;
        return Math.Min(1, Math.Exp(LogAlpha(lo) + w * (LogAlpha(hi) - LogAlpha(lo))));
    }

    /// <summary>The nominal level at one look for overall α, read from the same table as <see cref="LookAdjustedPValue"/>.</summary>
    public static double NominalLevel(double alpha, int look, int looks)
    {
        looks = Math.Max(1, looks);
        look = Math.Clamp(look, 1, looks);
        if (looks == 1)
        {
            return alpha;
        }

        var row = SpendingTable.RowOf(looks, look);
        var position = SpendingTable.Position(Math.Log(alpha));
        var i = Math.Clamp((int)Math.Floor(position), 0, SpendingTable.Alphas - 2);
        var w = position - i;
        return Math.Exp(Math.Log(row[i]) + w * (Math.Log(row[i + 1]) - Math.Log(row[i])));
    }

    private static double Slope(SpendingTable.Row row, int i) =>
        (LogAlpha(i + 1) - LogAlpha(i)) / (Math.Log(row[i + 1]) - Math.Log(row[i]));

    private static double LogAlpha(int i) => SpendingTable.LogAlpha(i);
}
