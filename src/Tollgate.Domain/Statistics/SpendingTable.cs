using System.Collections.Concurrent;

namespace Tollgate.Domain.Statistics;

/// <summary>
/// The table behind <see cref="GroupSequential.LookAdjustedPValue"/> and <see cref="GroupSequential.NominalLevel"/>: for
/// K looks, each look's nominal level at <see cref="Alphas"/> overall α log-spaced from 1e-20 to 0.5, increasing in α.
/// Each α's column (one run of the recursion over the K looks) is computed at its first use and kept for the process: a
/// nominal level reads 2 columns, a look-adjusted p-value about 7 (a bisection over the look's row), instead of all 82.
/// </summary>
internal static class SpendingTable
{
    public const int Alphas = 82;

    private const double LogAlphaMax = -0.6931471805599453; // α from 1e-20 to 0.5, four per decade

    private const double LogAlphaMin = -20 * 2.302585092994046;

    private static readonly ConcurrentDictionary<(int Looks, int Alpha), Lazy<double[]>> Columns = new();

    private static readonly ConcurrentDictionary<(int Looks, int Alpha), int> Computed = new();

    // The least value of each cell (a level that underflows to 0 is 1e-300), rising by 1e-12 per cell so that a row is
    // strictly increasing; a level above it is the cell. The same cells as the running maximum over the whole row that
    // the table once was, since each column's level exceeds the previous column's by far more than 1e-12.
    private static readonly double[] Floors = MakeFloors();

    /// <summary>ln α of column <paramref name="i"/>.</summary>
    public static double LogAlpha(int i) => LogAlphaMin + (LogAlphaMax - LogAlphaMin) * i / (Alphas - 1);

    /// <summary>Where ln α falls among the columns: its index, fractional between two.</summary>
    public static double Position(double logAlpha) => (logAlpha - LogAlphaMin) / (LogAlphaMax - LogAlphaMin) * (Alphas - 1);

    /// <summary>Look <paramref name="look"/>'s row of the table for <paramref name="looks"/> looks; its cells are computed as they are read.</summary>
    public static Row RowOf(int looks, int look) => new(looks, look);

    /// <summary>
    /// How many times each column of the table for <paramref name="looks"/> read so far has been computed in this process
    /// (once: a failed computation is kept, as the Lazy keeps its exception).
    /// </summary>
    public static int[] Computations(int looks) => [.. Computed.Where(c => c.Key.Looks == looks).Select(c => c.Value)];

    /// <summary>
    /// Column <paramref name="alpha"/> for <paramref name="looks"/>, computed once: concurrent first callers (a burst of
    /// requests at a server's start) wait for the one computation instead of each running their own. It runs on the
    /// first caller's thread, so it never needs a free thread-pool thread: a burst's callers all block here.
    /// </summary>
    private static double[] Column(int looks, int alpha) =>
        Columns.GetOrAdd((looks, alpha), static key => new Lazy<double[]>(() => Compute(key.Looks, key.Alpha))).Value;

    private static double[] Compute(int looks, int alpha)
    {
        Computed.AddOrUpdate((looks, alpha), 1, static (_, n) => n + 1);
        return GroupSequential.NominalLevels(Math.Exp(LogAlpha(alpha)), looks);
    }

    private static double[] MakeFloors()
    {
        var floors = new double[Alphas];
        var running = 1e-300;
        for (var i = 0; i < Alphas; i++)
        {
            running *= 1 + 1e-12;
            floors[i] = running;
        }

        return floors;
    }

    /// <summary>One look's row: cell i is the nominal level at column i's α.</summary>
    internal readonly struct Row(int looks, int look)
    {
        public double this[int i] => Math.Max(Floors[i], Column(looks, i)[look - 1]);
    }
}
