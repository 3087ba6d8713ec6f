using System.Collections.Concurrent;

namespace Tollgate.Domain.Statistics;

/// <summary>
/// Group-sequential boundaries for K equally spaced looks (information fractions t = k/K), with the one-sided
/// O'Brien-Fleming-type Lan-DeMets spending function α(t) = 2 − 2Φ(z₁₋α/₂ / √t) (Lan and DeMets, Biometrika 1983):
/// early looks spend almost nothing, so the last look keeps nearly the fixed-sample level. Boundaries come from the
/// recursive numerical integration of Armitage, McPherson and Rowe (1969) over the Brownian motion of the score,
/// on a Simpson grid (<see cref="SpendingRecursion"/>; beyond 30 looks on a grid scaled to one look's step,
/// <see cref="StepScaledRecursion"/>). <see cref="LookAdjustedPValue"/> is the repeated p-value: the smallest overall α at which the
/// evidence at this look crosses its boundary.
/// </summary>
public static class GroupSequential
{
    private const int Alphas = 82;

    private const double LogAlphaMax = -0.6931471805599453; // α from 1e-20 to 0.5, four per decade

    private const double LogAlphaMin = -20 * 2.302585092994046;

    /// <summary>
    /// The most looks a spec may plan. The levels are right to 1,000 looks (up to 30 the 81-point grid's crossing
    /// probabilities match the spending function within 0.7 % for α from 1e-9 to 0.5; beyond, the grid scaled to one
    /// look's step within 0.02 %, and the last look's cumulative crossing is α to 1e-5 at 50 to 1,000 looks against SciPy).
    /// The limit is the time: a process computes a table of 82 α per look count at its first call, about 0.1 s of CPU at
    /// 120 looks (a 2-hour window of 1-minute steps), 0.3 s at 240 and 2 s at 1,000 (measured 2026-12-07, loaded machine).
    /// </summary>
    public const int MaxLooks = 120;

    /// <summary>
    /// Up to this many looks the levels come from the 81-point grid (<see cref="SpendingRecursion"/>, unchanged); beyond,
    /// from the grid scaled to one look's step (<see cref="StepScaledRecursion"/>).
    /// </summary>
    internal const int CoarseGridLooks = 30;

    private static readonly ConcurrentDictionary<int, Lazy<double[][]>> Tables = new();

    private static readonly ConcurrentDictionary<int, int> Computed = new();

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
        return Math.Max(nominalP, FromTable(TableOf(looks)[look - 1], nominalP));
    }

    // The smallest α of the table's row whose level is at least nominalP, interpolated in log-log between its cells.
    private static double FromTable(double[] row, double nominalP)
    {
        if (nominalP <= row[0])
        {
            // Below the table (α < 1e-20): far beyond any family's level; extrapolate in log-log from the first cell.
            return nominalP <= 0 ? 0 : Math.Exp(LogAlpha(0) + (Math.Log(nominalP) - Math.Log(row[0])) * Slope(row, 0));
        }

        for (var i = 1; i < Alphas; i++)
        {
            if (nominalP <= row[i])
            {
                var x0 = Math.Log(row[i - 1]);
                var x1 = Math.Log(row[i]);
                var w = x1 > x0 ? (Math.Log(nominalP) - x0) / (x1 - x0) : 1;
                return Math.Min(1, Math.Exp(LogAlpha(i - 1) + w * (LogAlpha(i) - LogAlpha(i - 1))));
            }
        }

        return 1;
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

        var row = TableOf(looks)[look - 1];
        var position = (Math.Log(alpha) - LogAlphaMin) / (LogAlphaMax - LogAlphaMin) * (Alphas - 1);
        var i = Math.Clamp((int)Math.Floor(position), 0, Alphas - 2);
        var w = position - i;
        return Math.Exp(Math.Log(row[i]) + w * (Math.Log(row[i + 1]) - Math.Log(row[i])));
    }

    private static double Slope(double[] row, int i) => (LogAlpha(i + 1) - LogAlpha(i)) / (Math.Log(row[i + 1]) - Math.Log(row[i]));

    private static double LogAlpha(int i) => LogAlphaMin + (LogAlphaMax - LogAlphaMin) * i / (Alphas - 1);

    /// <summary>How many times the table for <paramref name="looks"/> has been computed in this process (once: a failed computation is kept, as the Lazy keeps its exception).</summary>
    internal static int Computations(int looks) => Computed.GetValueOrDefault(looks);

    /// <summary>
    /// The table for <paramref name="looks"/>, computed once: concurrent first callers (a burst of requests at a server's
    /// start) wait for the one computation instead of each running their own. Its caller's thread takes part, so it never
    /// needs a free thread-pool thread: a burst's callers all block here, and work only they could run would stall them all.
    /// </summary>
    private static double[][] TableOf(int looks) => Tables.GetOrAdd(looks, static k => new Lazy<double[][]>(() => Table(k))).Value;

    /// <summary>Nominal levels for a log-spaced grid of α from 1e-20 to 0.5, per look: [look][α index], increasing in α.</summary>
    private static double[][] Table(int looks)
    {
        Computed.AddOrUpdate(looks, 1, static (_, n) => n + 1);
        // Parallel.For runs iterations on the calling thread too: with every pool thread blocked it still finishes alone.
        var byAlpha = new double[Alphas][];
        Parallel.For(0, Alphas, i => byAlpha[i] = NominalLevels(Math.Exp(LogAlpha(i)), looks));
        var table = new double[looks][];
        for (var k = 0; k < looks; k++)
        {
            table[k] = new double[Alphas];
            var running = 1e-300;
            for (var i = 0; i < Alphas; i++)
            {
                running = Math.Max(running * (1 + 1e-12), Math.Max(byAlpha[i][k], 1e-300));
                table[k][i] = running;
            }
        }

        return table;
    }
}
