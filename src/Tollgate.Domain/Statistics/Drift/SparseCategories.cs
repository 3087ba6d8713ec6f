namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The chi-square test of a 2×K table (reference, current) × category made valid where categories are rare. Pearson's
/// statistic is χ² only when expected counts are not small (Cochran's rule: none below 1, at most a fifth below 5); a
/// long-tailed category (cities, merchants, products) has hundreds of columns expected less than once in a small window,
/// and there the statistic's tail is far heavier than χ²'s: on unchanged Zipf-distributed data, 5,000 reference rows
/// against 100 current, it was below 0.05 in 29–33% of runs. Columns the smaller side expects fewer than
/// <see cref="MinExpected"/> times (a column's total only, never which side holds it, so the choice does not look at the
/// outcome) are pooled into one, as Cochran advised. When that pool is itself expected fewer than
/// <see cref="MinExpected"/> times, it is tested apart by Fisher's exact test (pool against the rest), so a category
/// new in a small window (five rows of a hundred, none of 5,000 before) is still caught, and the two p-values are
/// combined by Bonferroni. Inside a long tail the pool is common and hides a new category, so the rare categories that
/// could reach significance are also tested one by one (<see cref="RareOnes"/>), a third part of the Bonferroni
/// combination. A table with no column common enough (an identifier: every value seen once) has nothing a test can
/// compare.
/// </summary>
public static class SparseCategories
{
    /// <summary>The expected count below which a column is pooled.</summary>
    public const double MinExpected = 5;

    /// <summary>
    /// The level at which Tarone's rule chooses which rare categories can be tested one by one (<see cref="RareOnes"/>).
    /// Only the margins choose them, so the p-value is valid at any level; 0.05 is the drift gate's default α.
    /// </summary>
    public const double TaroneLevel = 0.05;

    /// <summary>The table's chi-square's share of α when other parts are tested beside it (Fisher's of the pool, the rare ones').</summary>
    public const double TableWeight = 0.8;

    /// <summary>
    /// The test of <paramref name="reference"/> against <paramref name="current"/> (counts over the same categories):
    /// the table it judged (common columns, then the pool when there is one), its statistic and p-value, and how.
    /// </summary>
    public static SparseTest Test(long[] reference, long[] current)
    {
        long n = Sum(reference), m = Sum(current), total = n + m;
        var smaller = Math.Min(n, m) / (double)total;
        bool Rare(int k) => (reference[k] + current[k]) * smaller < MinExpected;
        var rare = Enumerable.Range(0, reference.Length).Where(k => reference[k] + current[k] > 0 && Rare(k)).ToArray();
        if (rare.Length == 0)
        {
            var (statistic, p) = ChiSquared.Contingency(reference, current);
            return new SparseTest(reference, current, statistic, p, Pooled: 0, Exact: false) { TablePValue = p, Common = reference.Count(x => x > 0) };
        }

        var common = Enumerable.Range(0, reference.Length).Where(k => reference[k] + current[k] > 0 && !Rare(k)).ToArray();
        var (r, c) = Table(common, rare, -1);
        if (common.Length == 0)
        {
            return new SparseTest(r, c, double.NaN, double.NaN, rare.Length, Exact: false) { Untestable = true };
        }

        long poolReference = r[^1], poolCurrent = c[^1];
        var exact = (poolReference + poolCurrent) * smaller < MinExpected;
        var (tableStatistic, tableP) = !exact ? ChiSquared.Contingency(r, c)
            : common.Length >= 2 ? ChiSquared.Contingency(r.AsSpan(..^1), c.AsSpan(..^1)) : (0, 1);
        // One rare category alone is the pool, already tested (by the chi-square, or by Fisher's test when still rare).
        var one = rare.Length > 1 ? RareOnes(reference, current, rare, n, m) : null;
        var poolP = exact ? FisherTwoSided(poolCurrent, poolReference + poolCurrent, n, m) : double.NaN;

        // Weighted Bonferroni over the parts, weights fixed by which parts there are (the margins), never by their
        // p-values: the table's chi-square keeps TableWeight, the pool's and the rare ones' tests share the rest. A new
        // category gives p-values of 10⁻⁶ and less, which a weight of 0.1 leaves far below α, and a shift among the
        // common categories loses little power (its p-value is divided by 0.8, not doubled).
        var others = (exact ? 1 : 0) + (one is null ? 0 : 1);
        var share = others == 0 ? 0 : (1 - TableWeight) / others;
        List<double> parts = [tableP / (others == 0 ? 1 : TableWeight)];
        if (exact)
        {
            parts.Add(poolP / share);
        }

        var combined = Math.Min(1, Math.Min(parts.Min(), one is { } o ? o.PValue / share : double.PositiveInfinity));
        // Each part's own figures beside the combined p, so a report prints the statistic of the test whose p it shows.
        var tableWeight = others == 0 ? 1 : TableWeight;
        if (one is { } decisive && decisive.PValue / share <= parts.Min())
        {
            // The category that decided stands apart in the table the distances are measured on, not inside the pool.
            (r, c) = Table(common, rare, decisive.Category);
            return new SparseTest(r, c, tableStatistic, combined, rare.Length - 1, exact)
            {
                Rare = decisive, RareDecided = true, Decided = SparsePart.Rare, TablePValue = tableP, TableWeightUsed = tableWeight, PartWeight = share,
                Common = common.Length, PoolPValue = poolP, PoolCategories = [.. rare.Where(k => k != decisive.Category)],
            };
        }

        return new SparseTest(r, c, tableStatistic, combined, rare.Length, exact)
        {
            Rare = one, Decided = exact && poolP / share < tableP / tableWeight ? SparsePart.Pool : SparsePart.Table, TablePValue = tableP,
            TableWeightUsed = tableWeight, PartWeight = share, Common = common.Length, PoolPValue = poolP, PoolCategories = rare,
        };

        // Common columns, then the category set apart (when one is), then the pool of the other rare ones (when any).
        (long[] Reference, long[] Current) Table(int[] kept, int[] pooled, int apart)
        {
            List<long> tr = [.. kept.Select(k => reference[k])], tc = [.. kept.Select(k => current[k])];
            if (apart >= 0)
            {
                tr.Add(reference[apart]);
                tc.Add(current[apart]);
            }

            if (pooled.Any(k => k != apart))
            {
                tr.Add(pooled.Where(k => k != apart).Sum(k => reference[k]));
                tc.Add(pooled.Where(k => k != apart).Sum(k => current[k]));
            }

            return ([.. tr], [.. tc]);
        }
    }

    /// <summary>
    /// The rare categories tested one by one, each by Fisher's exact test (the category against the rest), so that
    /// a category new in a small window is caught even inside a long tail, where the pool it falls into hides it.
    /// Most rare categories could never reach significance (a category seen once in 5,100 rows is in the 100-row
    /// window with probability 0.02 at best), so Tarone's rule (1990) counts only those that could: the smallest K
    /// such that at most K categories have a smallest attainable p-value ≤ <see cref="TaroneLevel"/>/K; those are
    /// tested, and the most significant one's p-value times K is the part's p-value (Bonferroni over K). Which ones
    /// and K depend on the categories' totals alone, never on which side holds the rows. Null when none can be tested.
    /// </summary>
    public static RareCategory? RareOnes(long[] reference, long[] current, int[] rare, long n, long m)
    {
        // A long tail has thousands of rare categories but few distinct totals (and counts): each figure is made once.
        var leastOf = new Dictionary<long, double>();
        var attainable = rare.Select(k => (Category: k, Least: Least(reference[k] + current[k]))).OrderBy(x => x.Least).ToArray();
        var least = attainable.Select(x => x.Least).ToArray();
        var tests = 1;
        while (Testable(tests) > tests)
        {
            tests++;
        }

        var count = Testable(tests);
        if (count == 0)
        {
            return null;
        }

        RareCategory? best = null;
        var pOf = new Dictionary<(long, long), double>();
        foreach (var (k, _) in attainable.AsSpan(0, count))
        {
            var key = (current[k], reference[k] + current[k]);
            if (!pOf.TryGetValue(key, out var p))
            {
                pOf[key] = p = FisherTwoSided(key.Item1, key.Item2, n, m);
            }

            if (best is null || p < best.Unadjusted)
            {
                best = new RareCategory(k, reference[k], current[k], p, Math.Min(1, tests * p), tests);
            }
        }

        return best;

        double Least(long column)
        {
            if (!leastOf.TryGetValue(column, out var least))
            {
                leastOf[column] = least = LeastAttainable(column, n, m);
            }

            return least;
        }

        // How many rare categories could reach TaroneLevel / k.
        int Testable(int k)
        {
            var index = Array.BinarySearch(least, TaroneLevel / k * (1 + 1e-12));
            return index < 0 ? ~index : index + 1;
        }
    }

    /// <summary>
    /// The smallest two-sided p-value Fisher's test of a column of <paramref name="column"/> can give at these margins:
    /// that of the least likely count, which is at one end of the hypergeometric's range.
    /// </summary>
    public static double LeastAttainable(long column, long n, long m)
    {
        var total = n + m;
        long low = Math.Max(0, m - (total - column)), high = Math.Min(column, m);
        double LogP(long k) => LogChoose(column, k) + LogChoose(total - column, m - k) - LogChoose(total, m);
        // The hypergeometric is unimodal: its least likely count is an end, and only an end as unlikely adds to it.
        double atLow = LogP(low), atHigh = LogP(high);
        return low == high ? 1
            : Math.Abs(atLow - atHigh) <= 1e-7 ? Math.Min(1, Math.Exp(atLow) + Math.Exp(atHigh))
            : Math.Exp(Math.Min(atLow, atHigh));
    }

    /// <summary>
    /// Fisher's exact two-sided p-value of the 2×2 table with <paramref name="x"/> of a column of
    /// <paramref name="column"/> in the current (of <paramref name="m"/> rows) and the rest in the reference (of
    /// <paramref name="n"/>): the hypergeometric probability of every count no likelier than <paramref name="x"/>.
    /// </summary>
    public static double FisherTwoSided(long x, long column, long n, long m)
    {
        var total = n + m;
        long low = Math.Max(0, m - (total - column)), high = Math.Min(column, m);
        var observed = LogP(x);
        double p = 0;
        // From the lowest count up, each probability from the one before: P(k+1)/P(k) = (column−k)(m−k) / ((k+1)(rest−m+k+1)).
        var log = LogP(low);
        for (var k = low; k <= high; k++)
        {
            if (log <= observed + 1e-7)
            {
                p += Math.Exp(log);
            }

            log += Math.Log((double)(column - k) * (m - k)) - Math.Log((k + 1.0) * (total - column - m + k + 1));
        }

        return Math.Min(1, p);

        double LogP(long k) => LogChoose(column, k) + LogChoose(total - column, m - k) - LogChoose(total, m);
    }

    /// <summary>
    /// Fisher's exact one-sided (upper tail) p-value of the same 2×2 table: the hypergeometric probability of
    /// <paramref name="x"/> or more of the column's <paramref name="column"/> in the current's <paramref name="m"/> rows.
    /// </summary>
    public static double FisherGreater(long x, long column, long n, long m)
    {
        var total = n + m;
        long low = Math.Max(0, m - (total - column)), high = Math.Min(column, m);
        double p = 0;
        // From max(x, lowest count) up, each probability from the one before, by the ratio FisherTwoSided steps with.
        var log = LogP(Math.Max(x, low));
        for (var k = Math.Max(x, low); k <= high; k++)
        {
            p += Math.Exp(log);
            log += Math.Log((double)(column - k) * (m - k)) - Math.Log((k + 1.0) * (total - column - m + k + 1));
        }

        return Math.Min(1, p);

        double LogP(long k) => LogChoose(column, k) + LogChoose(total - column, m - k) - LogChoose(total, m);
    }

    private static double LogChoose(long a, long b) =>
        SpecialFunctions.LogGamma(a + 1.0) - SpecialFunctions.LogGamma(b + 1.0) - SpecialFunctions.LogGamma(a - b + 1.0);

    private static long Sum(long[] counts)
    {
        long sum = 0;
        foreach (var count in counts)
        {
            sum += count;
        }

        return sum;
    }
}

/// <summary>
/// <see cref="SparseCategories.Test"/>'s answer: the counts it judged (the last column the pool of
/// <see cref="Pooled"/> rare categories when there are any), the chi-square statistic and the p-value that decides
/// (with <see cref="Exact"/>, the common columns' chi-square and Fisher's test of the pool; with <see cref="Rare"/>, also
/// the rare categories one by one; several parts combined by Bonferroni).
/// </summary>
public sealed record SparseTest(long[] Reference, long[] Current, double Statistic, double PValue, int Pooled, bool Exact)
{
    /// <summary>No column is common enough to test: every category is rare (an identifier).</summary>
    public bool Untestable { get; init; }

    /// <summary>The most significant of the rare categories tested one by one (<see cref="SparseCategories.RareOnes"/>); null: none could be.</summary>
    public RareCategory? Rare { get; init; }

    /// <summary>Whether <see cref="Rare"/> gave the smallest part: it then stands apart in the table, before the pool.</summary>
    public bool RareDecided { get; init; }

    /// <summary>The part whose weighted p-value is <see cref="PValue"/>: the table's chi-square, Fisher's test of the pool, or <see cref="Rare"/>.</summary>
    public SparsePart Decided { get; init; }

    /// <summary>The table's chi-square's own p-value, of <see cref="Statistic"/> (before its weight; 1 with one common column and a rare pool).</summary>
    public double TablePValue { get; init; } = double.NaN;

    /// <summary>The table's chi-square's share of α: 1 alone, <see cref="SparseCategories.TableWeight"/> beside other parts.</summary>
    public double TableWeightUsed { get; init; } = 1;

    /// <summary>The share of α of each other part (Fisher's test of the pool, the rare ones'); 0 when there is none.</summary>
    public double PartWeight { get; init; }

    /// <summary>The common columns the table's chi-square compares (the pool aside when <see cref="Exact"/>).</summary>
    public int Common { get; init; }

    /// <summary>Fisher's exact two-sided p-value of the pool against the rest, before its weight (NaN unless <see cref="Exact"/>).</summary>
    public double PoolPValue { get; init; } = double.NaN;

    /// <summary>The indices of the categories in the pool (the table's last column when there is one).</summary>
    public int[] PoolCategories { get; init; } = [];
}

/// <summary>The part of <see cref="SparseCategories.Test"/> that gave its p-value.</summary>
public enum SparsePart
{
    /// <summary>The chi-square of the table (common columns, with the pool when it is common enough).</summary>
    Table,

    /// <summary>Fisher's exact test of the pool of rare categories against the rest.</summary>
    Pool,

    /// <summary>The most significant rare category tested on its own (Tarone's rule).</summary>
    Rare,
}

/// <summary>
/// A rare category tested on its own: its index among the categories, its counts, Fisher's two-sided p-value and
/// that p-value times <paramref name="Tests"/>, the number Tarone's rule counts.
/// </summary>
public sealed record RareCategory(int Category, long Reference, long Current, double Unadjusted, double PValue, int Tests);
