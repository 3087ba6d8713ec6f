using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>
/// A reference for <see cref="GroupSequential.NominalLevels"/>: the Armitage-McPherson-Rowe recursion with its grid
/// scaled to one look's step (spacing at most sd/8, sd = 1/√K), and the exact normal tail. Given the boundaries (one-sided
/// nominal levels per look, K equally spaced looks), the probability under the null that Brownian motion has crossed by
/// each look; right boundaries cross by look k with probability α(k/K), the spending function.
/// </summary>
internal static class FineGridCrossing
{
    public static double[] Cumulative(double[] levels)
    {
        var looks = levels.Length;
        var sd = Math.Sqrt(1.0 / looks);
        var cumulative = new double[looks];
        var t1 = 1.0 / looks;
        var b = Bound(levels[0], t1);
        cumulative[0] = levels[0];
        var g = Grid(-9 * Math.Sqrt(t1), Math.Min(b, 10 * Math.Sqrt(t1)), sd);
        var f = g.Select(x => Math.Exp(-0.5 * x * x / t1) / Math.Sqrt(2 * Math.PI * t1)).ToArray();
        for (var k = 2; k <= looks; k++)
        {
            var t = k / (double)looks;
            b = Bound(levels[k - 1], t);
            cumulative[k - 1] = cumulative[k - 2] + Crossing(g, f, b, sd);
            var y = Grid(-9 * Math.Sqrt(t), Math.Min(b, 10 * Math.Sqrt(t)), sd);
            f = Propagate(g, f, y, sd);
            g = y;
        }

        return cumulative;
    }

    /// <summary>The levels whose crossings follow the spending function exactly (bisection on the fine grid).</summary>
    public static double[] NominalLevels(double alpha, int looks)
    {
        var sd = Math.Sqrt(1.0 / looks);
        var levels = new double[looks];
        var t1 = 1.0 / looks;
        levels[0] = GroupSequential.Spending(t1, alpha);
        var b = Bound(levels[0], t1);
        var g = Grid(-9 * Math.Sqrt(t1), Math.Min(b, 10 * Math.Sqrt(t1)), sd);
        var f = g.Select(x => Math.Exp(-0.5 * x * x / t1) / Math.Sqrt(2 * Math.PI * t1)).ToArray();
        for (var k = 2; k <= looks; k++)
        {
            var t = k / (double)looks;
            var target = GroupSequential.Spending(t, alpha) - GroupSequential.Spending((k - 1) / (double)looks, alpha);
            double lo = -10 * Math.Sqrt(t), hi = 40 * Math.Sqrt(t);
            for (var i = 0; i < 60; i++)
            {
                var mid = 0.5 * (lo + hi);
                if (Crossing(g, f, mid, sd) > target)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            b = 0.5 * (lo + hi);
            levels[k - 1] = Normal.Survival(b / Math.Sqrt(t));
            var y = Grid(-9 * Math.Sqrt(t), Math.Min(b, 10 * Math.Sqrt(t)), sd);
            f = Propagate(g, f, y, sd);
            g = y;
        }

        return levels;
    }

    private static double Bound(double level, double t) =>
        level >= 1 ? -40 * Math.Sqrt(t) : level <= 0 ? 40 * Math.Sqrt(t) : Math.Clamp(-Normal.Quantile(level), -40, 40) * Math.Sqrt(t);

    private static double[] Grid(double from, double to, double sd)
    {
        if (to <= from)
        {
            to = from + 1e-9;
        }

        var n = Math.Max(81, (int)Math.Ceiling((to - from) / (sd / 8)) + 1);
        n += n % 2 == 0 ? 1 : 0;
        return Enumerable.Range(0, n).Select(i => from + (to - from) * i / (n - 1)).ToArray();
    }

    private static double Weight(int i, int n) => i == 0 || i == n - 1 ? 1 : i % 2 == 1 ? 4 : 2;

    private static double Crossing(double[] g, double[] f, double bound, double sd)
    {
        var n = g.Length;
        var h = (g[n - 1] - g[0]) / (n - 1);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += Weight(i, n) * f[i] * Normal.Survival((bound - g[i]) / sd);
        }

        return sum * h / 3;
    }

    private static double[] Propagate(double[] g, double[] f, double[] y, double sd)
    {
        var n = g.Length;
        var h = (g[n - 1] - g[0]) / (n - 1);
        var scale = h / 3 / (sd * Math.Sqrt(2 * Math.PI));
        var result = new double[y.Length];
        for (var j = 0; j < y.Length; j++)
        {
            var from = Math.Max(0, (int)Math.Floor((y[j] - 12 * sd - g[0]) / h));
            var to = Math.Min(n - 1, (int)Math.Ceiling((y[j] + 12 * sd - g[0]) / h));
            var sum = 0.0;
            for (var i = from; i <= to; i++)
            {
                var z = (y[j] - g[i]) / sd;
                sum += Weight(i, n) * f[i] * Math.Exp(-0.5 * z * z);
            }

            result[j] = sum * scale;
        }

        return result;
    }
}
