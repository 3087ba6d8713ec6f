namespace Tollgate.Domain.Statistics;

/// <summary>
/// The Hodges-Lehmann estimate of the shift between two samples (the median of all n₁·n₂ differences x − y) with the
/// distribution-free interval that inverts the Mann-Whitney test (Moses 1965; Hollander and Wolfe, Nonparametric
/// Statistical Methods, §4.3): the c-th smallest and c-th largest differences, c from the normal approximation.
/// Order statistics of the differences are selected without forming them: narrow a value bracket (secant and bisection steps)
/// while counting the differences at or below a value in one merge pass over the sorted samples, then sort the few left.
/// </summary>
public static class HodgesLehmann
{
    public static (double Estimate, double Lower, double Upper) Shift(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence)
    {
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(xs);
        Array.Sort(ys);
        return ShiftSorted(xs, ys, confidence);
    }

    /// <summary>As <see cref="Shift"/>, for samples already sorted ascending.</summary>
    public static (double Estimate, double Lower, double Upper) ShiftSorted(double[] xs, double[] ys, double confidence)
    {
        if (xs.Length == 0 || ys.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var m = (long)xs.Length * ys.Length;
        var estimate = m % 2 == 1
            ? Select(xs, ys, m / 2 + 1)
            : MiddlePair(xs, ys, m / 2);
        double n1 = xs.Length, n2 = ys.Length;
        var z = Normal.Quantile(1 - (1 - confidence) / 2);
        var c = (long)Math.Floor(n1 * n2 / 2 - z * Math.Sqrt(n1 * n2 * (n1 + n2 + 1) / 12));
        c = Math.Clamp(c, 1, m);
        return (estimate, Select(xs, ys, c), Select(xs, ys, m - c + 1));
    }

    /// <summary>The mean of the k-th and (k+1)-th smallest differences, from one bracket when it holds both.</summary>
    private static double MiddlePair(double[] xs, double[] ys, long k)
    {
        var (lo, hi, countLo, countHi) = Bracket(xs, ys, k + 1, 256);
        if (countLo >= k || countHi - countLo > 1_000_000)
        {
            return 0.5 * (Select(xs, ys, k) + Select(xs, ys, k + 1));
        }

        var bracket = Between(xs, ys, lo, hi, countHi - countLo);
        Array.Sort(bracket);
        return 0.5 * (bracket[k - countLo - 1] + bracket[k - countLo]);
    }

    /// <summary>
    /// The k-th smallest (1-based) of all differences xs[i] − ys[j]; both arrays sorted ascending. Bisection stops once at
    /// most <paramref name="budget"/> differences are left in the bracket (0: 256).
    /// </summary>
    public static double Select(double[] xs, double[] ys, long k, long budget = 0)
    {
        budget = budget > 0 ? budget : 256;
        var (lo, hi, countLo, countHi) = Bracket(xs, ys, k, budget);
        if (countHi - countLo > budget)
        {
            // Ties left more than the budget between two adjacent values: the k-th difference is the upper one.
            return hi;
        }

        if (countLo >= k)
        {
            return lo;
        }

        var bracket = Between(xs, ys, lo, hi, countHi - countLo);
        Array.Sort(bracket);
        return bracket[k - countLo - 1];
    }

    /// <summary>
    /// A value bracket (lo, hi] that holds the k-th smallest difference and at most <paramref name="budget"/> differences,
    /// narrowed by alternating secant guesses (interpolating the count) with bisection. When ties keep more than the budget
    /// between adjacent values, the bracket is returned as it is.
    /// </summary>
    private static (double Lo, double Hi, long CountLo, long CountHi) Bracket(double[] xs, double[] ys, long k, long budget)
    {
        // Just below the smallest difference nothing is counted, at the largest everything is: no pass needed for either.
        double lo = Math.BitDecrement(xs[0] - ys[^1]), hi = xs[^1] - ys[0];
        long countLo = 0, countHi = (long)xs.Length * ys.Length;

        // Guess a tight bracket from the differences of evenly spaced order statistics (a 64 × 64 sketch of all pairs),
        // then keep each side only if the true count confirms it.
        if (countHi - countLo > budget && xs.Length * (long)ys.Length > 16_384)
        {
            var (guessLo, guessHi) = SketchBracket(xs, ys, k / (double)countHi);
            var atGuessLo = CountAtMost(xs, ys, guessLo);
            if (atGuessLo < k && guessLo > lo)
            {
                (lo, countLo) = (guessLo, atGuessLo);
            }

            var atGuessHi = CountAtMost(xs, ys, guessHi);
            if (atGuessHi >= k && guessHi < hi)
            {
                (hi, countHi) = (guessHi, atGuessHi);
            }
        }

        for (var step = 0; countHi - countLo > budget; step++)
        {
            var fraction = step % 2 == 0 ? Math.Clamp((k - countLo) / (double)(countHi - countLo), 0.05, 0.95) : 0.5;
            var mid = lo + (hi - lo) * fraction;
            if (mid <= lo || mid >= hi)
            {
                mid = lo + (hi - lo) / 2;
                if (mid <= lo || mid >= hi)
                {
                    break;
                }
            }

            var count = CountAtMost(xs, ys, mid);
            if (count >= k)
            {
                (hi, countHi) = (mid, count);
            }
            else
            {
                (lo, countLo) = (mid, count);
            }
        }

        return (lo, hi, countLo, countHi);
    }

    /// <summary>Values bracketing the given rank fraction of all differences, read off a small sketch of them.</summary>
    private static (double Lo, double Hi) SketchBracket(double[] xs, double[] ys, double fraction)
    {
        const int side = 64;
        var sketch = new double[side * side];
        for (var i = 0; i < side; i++)
        {
            var xi = xs[(int)((i + 0.5) * xs.Length / side)];
            for (var j = 0; j < side; j++)
            {
                sketch[i * side + j] = xi - ys[(int)((j + 0.5) * ys.Length / side)];
            }
        }

        Array.Sort(sketch);
        const double margin = 0.02;
        var lo = sketch[(int)Math.Clamp((fraction - margin) * sketch.Length, 0, sketch.Length - 1)];
        var hi = sketch[(int)Math.Clamp((fraction + margin) * sketch.Length, 0, sketch.Length - 1)];
        return (lo, hi);
    }

    /// <summary>How many differences are ≤ t: for each x (ascending) the ys with x − y ≤ t are a suffix that only shrinks from the left.</summary>
    private static long CountAtMost(double[] xs, double[] ys, double t)
    {
        // y > x − t ⇔ x − y < t up to rounding; compare the difference itself so counting and collecting agree exactly.
        ReadOnlySpan<double> x = xs, y = ys;
        long total = 0;
        var p = 0;
        var n = y.Length;
        for (var i = 0; i < x.Length; i++)
        {
            var xi = x[i];
            while (p < n && xi - y[p] > t)
            {
                p++;
            }

            if (p == n)
            {
                break;
            }

            total += n - p;
        }

        return total;
    }

    /// <summary>The differences in (lo, hi].</summary>
    private static double[] Between(double[] xs, double[] ys, double lo, double hi, long count)
    {
        var result = new double[count];
        var n = 0;
        int pHi = 0, pLo = 0;
        foreach (var xi in xs)
        {
            while (pHi < ys.Length && xi - ys[pHi] > hi)
            {
                pHi++;
            }

            while (pLo < ys.Length && xi - ys[pLo] > lo)
            {
                pLo++;
            }

            for (var j = pHi; j < pLo && n < result.Length; j++)
            {
                result[n++] = xi - ys[j];
            }
        }

        return result;
    }
}
