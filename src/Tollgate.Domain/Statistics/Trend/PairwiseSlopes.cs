namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// The k-th smallest of the n(n−1)/2 pairwise slopes (x_j − x_i)/(t_j − t_i) of a series on strictly increasing times,
/// without listing them: the number of slopes at or below s is the number of pairs i &lt; j with x_j − s·t_j ≤
/// x_i − s·t_i, counted by a merge sort in O(n log n). A sample of random pairs' slopes brackets the k-th (two
/// counts), halving the bracket by value narrows it until it holds at most about n slopes, and those are listed
/// (<see cref="CrossingSlopes"/>) and the k-th taken: about ten counts where bisecting the doubles took 64. A year of
/// minutes is 525,600 points, whose 1.4 × 10¹¹ slopes cannot be held; sorted, 20,000 points' already took a minute.
/// The answer is a pair's own slope, as sorting gives it; where rounding of x − s·t makes the listing disagree with
/// the counts, the k-th is bisected over the ordered doubles instead (up to that rounding).
/// </summary>
public sealed class PairwiseSlopes
{
    private readonly double[] _t;
    private readonly double[] _x;
    private readonly double[] _z;
    private readonly double[] _scratch;
    private readonly double _bound;
    private double[]? _listed;
    private long _listedBelow;

    /// <param name="t">Strictly increasing times.</param>
    /// <param name="x">The values at those times.</param>
    public PairwiseSlopes(IReadOnlyList<double> t, IReadOnlyList<double> x)
    {
        _t = [.. t];
        _x = [.. x];
        _z = new double[_x.Length];
        _scratch = new double[_x.Length];
        if (!Increasing(_t))
        {
            throw new ArgumentException("times must be strictly increasing", nameof(t));
        }

        var gap = double.PositiveInfinity;
        for (var i = 1; i < _t.Length; i++)
        {
            gap = Math.Min(gap, _t[i] - _t[i - 1]);
        }

        // No slope is steeper than the whole range of the values over the closest two times.
        _bound = _x.Length < 2 ? 0 : (_x.Max() - _x.Min()) / gap;
    }

    /// <summary>The times 0, 1, …, n−1 of an equally spaced series.</summary>
    public static double[] Indexes(int n) => [.. Enumerable.Range(0, n).Select(i => (double)i)];

    /// <summary>Whether <paramref name="t"/> is strictly increasing: the times this selection (and the hinge's running sums) take.</summary>
    public static bool Increasing(IReadOnlyList<double> t)
    {
        for (var i = 1; i < t.Count; i++)
        {
            if (!(t[i] > t[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many pairwise slopes there are.</summary>
    public long Count => (long)_x.Length * (_x.Length - 1) / 2;

    /// <summary>The <paramref name="k"/>-th smallest slope, 0-based.</summary>
    public double Select(long k) => Select(k, Math.Max(_x.Length, 4096));

    /// <param name="k">The rank, 0-based.</param>
    /// <param name="listUpTo">How many slopes a bracket may hold to be listed; 0 bisects the doubles all the way.</param>
    internal double Select(long k, long listUpTo)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Count);
        if (_bound == 0 || !double.IsFinite(_bound))
        {
            return _bound == 0 ? 0 : double.NaN;
        }

        // The median's two middle ranks, and an interval's ends near each other, fall in one listed bracket.
        if (listUpTo > 0 && _listed is { } kept && k >= _listedBelow && k - _listedBelow < kept.Length)
        {
            return kept[k - _listedBelow];
        }

        // Invariant: fewer than k + 1 slopes at or below lo (below of them), at least k + 1 at or below hi (above).
        var (lo, hi) = Sampled(k);
        var (below, above) = (AtOrBelow(lo), AtOrBelow(hi));
        if (below >= k + 1)
        {
            (lo, below) = (-_bound * 2, 0);
        }

        if (above < k + 1)
        {
            (hi, above) = (_bound * 2, Count);
        }

        // Halve the bracket by value until its slopes are few enough to list, then list them and pick the one.
        while (listUpTo > 0 && above - below > listUpTo)
        {
            var mid = lo + ((hi - lo) / 2);
            if (!(mid > lo && mid < hi))
            {
                break;
            }

            var count = AtOrBelow(mid);
            var moved = count != below && count != above;
            (lo, below, hi, above) = count >= k + 1 ? (lo, below, mid, count) : (mid, count, hi, above);

            // A halving that moved no slope out of the bracket: its slopes sit at one end, typically many equal to
            // hi (an exact line, integer counts). Then hi itself is the k-th when the double below it holds fewer.
            if (!moved && AtOrBelow(Math.BitDecrement(hi)) < k + 1)
            {
                return hi;
            }
        }

        if (above - below <= listUpTo)
        {
            var listed = CrossingSlopes.Between(_t, _x, lo, hi);
            if (listed.Length == above - below)
            {
                Array.Sort(listed);
                (_listed, _listedBelow) = (listed, below);
                return listed[k - below];
            }
        }

        return Bisected(k, Ordered(lo), Ordered(hi));
    }

    /// <summary>
    /// A bracket of the k-th slope from a sample of random pairs' slopes (a fixed seed, so a series always takes the
    /// same path): their quantiles three standard errors either side of k's share. Where it misses, the caller widens.
    /// </summary>
    private (double Lo, double Hi) Sampled(long k)
    {
        var n = _x.Length;
        var size = (int)Math.Min(Math.Max(2L * n, 4096), 1 << 21);
        var random = new Random(20_261_205);
        var sample = new double[size];
        for (var m = 0; m < size; m++)
        {
            var i = random.Next(n);
            var j = random.Next(n - 1);
            j += j >= i ? 1 : 0;
            sample[m] = (_x[j] - _x[i]) / (_t[j] - _t[i]);
        }

        Array.Sort(sample);
        var share = (k + 0.5) / Count;
        var margin = (3 * Math.Sqrt(size * share * (1 - share))) + 1;
        var low = (long)Math.Floor((share * size) - margin);
        var high = (long)Math.Ceiling((share * size) + margin);
        return (low < 0 ? -_bound * 2 : sample[low], high >= size ? _bound * 2 : sample[high]);
    }

    /// <summary>Bisection over the ordered doubles between two that bracket the k-th slope: 64 counts at most.</summary>
    private double Bisected(long k, long lo, long hi)
    {
        while (lo < hi - 1)
        {
            var mid = (long)(((Int128)lo + hi) / 2); // lo + hi spans more than a long: negative and positive doubles
            if (AtOrBelow(Value(mid)) >= k + 1)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return Value(hi);
    }

    /// <summary>How many slopes are at or below <paramref name="s"/>.</summary>
    public long AtOrBelow(double s)
    {
        for (var i = 0; i < _x.Length; i++)
        {
            _z[i] = _x[i] - (s * _t[i]);
        }

        return LaterAtOrBelow(_z, _scratch, 0, _z.Length);
    }

    /// <summary>Sorts z[from..to) ascending; the number of pairs i &lt; j there with z_j ≤ z_i.</summary>
    private static long LaterAtOrBelow(double[] z, double[] scratch, int from, int to)
    {
        if (to - from <= 24)
        {
            return InsertionCount(z, from, to);
        }

        var middle = from + ((to - from) / 2);
        var count = LaterAtOrBelow(z, scratch, from, middle) + LaterAtOrBelow(z, scratch, middle, to);
        int l = from, r = middle, o = from;
        while (l < middle && r < to)
        {
            if (z[r] <= z[l])
            {
                count += middle - l;
                scratch[o++] = z[r++];
            }
            else
            {
                scratch[o++] = z[l++];
            }
        }

        while (l < middle)
        {
            scratch[o++] = z[l++];
        }

        while (r < to)
        {
            scratch[o++] = z[r++];
        }

        Array.Copy(scratch, from, z, from, to - from);
        return count;
    }

    /// <summary>The same count and sort for a short run, by insertion: each value passes the earlier ones at or above it.</summary>
    private static long InsertionCount(double[] z, int from, int to)
    {
        long count = 0;
        for (var j = from + 1; j < to; j++)
        {
            var value = z[j];
            var k = j - 1;
            while (k >= from && z[k] >= value)
            {
                z[k + 1] = z[k];
                k--;
                count++;
            }

            z[k + 1] = value;
        }

        return count;
    }

    /// <summary>Doubles as longs in the same order (−0 and 0 both as 0), so that bisecting the longs bisects the doubles.</summary>
    private static long Ordered(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return bits >= 0 ? bits : -(bits & long.MaxValue);
    }

    private static double Value(long ordered) =>
        BitConverter.Int64BitsToDouble(ordered >= 0 ? ordered : (-ordered) | long.MinValue);
}
