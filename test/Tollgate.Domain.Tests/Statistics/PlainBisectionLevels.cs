using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>
/// The look table's recursion as it was before <c>SpendingRecursion</c> (kept as the reference its levels must equal):
/// each look's boundary by a plain bisection of the Simpson crossing integral, the density by the full 81 × 81 update.
/// </summary>
internal static class PlainBisectionLevels
{
    public static double[] NominalLevels(double alpha, int looks)
    {
        var levels = new double[looks];
        double[] grid = [], density = [];
        var spent = 0.0;
        for (var k = 1; k <= looks; k++)
        {
            var t = k / (double)looks;
            var target = GroupSequential.Spending(t, alpha) - spent;
            spent += target;
            if (k == 1)
            {
                var c = target <= 0 ? double.PositiveInfinity : -Normal.Quantile(target);
                levels[0] = target;
                var b = Math.Min(c, 10) * Math.Sqrt(t);
                grid = Grid(-9 * Math.Sqrt(t), b);
                density = grid.Select(s => Phi(s, t)).ToArray();
                continue;
            }

            var dt = 1.0 / looks;
            var g = grid;
            var f = density;
            double Crossing(double bound) => Simpson(g, i => f[i] * FastSurvival((bound - g[i]) / Math.Sqrt(dt)));
            var upperLimit = 40 * Math.Sqrt(t);
            double next;
            if (target <= 0 || Crossing(upperLimit) >= target)
            {
                next = upperLimit;
                levels[k - 1] = target <= 0 ? 0 : Normal.Survival(upperLimit / Math.Sqrt(t));
            }
            else
            {
                double lo = -10 * Math.Sqrt(t), hi = upperLimit;
                for (var i = 0; i < 100 && hi - lo > 1e-8; i++)
                {
                    var mid = 0.5 * (lo + hi);
                    if (Crossing(mid) > target)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                next = 0.5 * (lo + hi);
                levels[k - 1] = Normal.Survival(next / Math.Sqrt(t));
            }

            var newGrid = Grid(-9 * Math.Sqrt(t), Math.Min(next, 10 * Math.Sqrt(t)));
            var scale = 1 / Math.Sqrt(2 * Math.PI * dt);
            var half = -0.5 / dt;
            density = newGrid.Select(y => scale * Simpson(g, i => f[i] * Math.Exp(half * (y - g[i]) * (y - g[i])))).ToArray();
            grid = newGrid;
        }

        return levels;
    }

    private static double[] Grid(double from, double to)
    {
        if (to <= from)
        {
            to = from + 1e-9;
        }

        var grid = new double[81];
        for (var i = 0; i < 81; i++)
        {
            grid[i] = from + (to - from) * i / (81 - 1);
        }

        return grid;
    }

    private static double Simpson(double[] grid, Func<int, double> f)
    {
        var h = (grid[^1] - grid[0]) / (grid.Length - 1);
        var sum = f(0) + f(grid.Length - 1);
        for (var i = 1; i < grid.Length - 1; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * f(i);
        }

        return sum * h / 3;
    }

    private static double FastSurvival(double z)
    {
        var x = z / Math.Sqrt(2);
        var a = Math.Abs(x);
        var t = 1 / (1 + 0.5 * a);
        var erfc = t * Math.Exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }

    private static double Phi(double x, double variance) => Math.Exp(-0.5 * x * x / variance) / Math.Sqrt(2 * Math.PI * variance);
}
