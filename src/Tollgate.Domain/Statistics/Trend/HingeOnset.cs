namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// When a slow decline started: the least-squares fit of a level followed by a straight line, x_t = a + b·max(0, t − τ),
/// over every candidate τ (an O(n²) scan, fine for daily series). A control chart's own change point lags a gradual
/// decline because its sum resets while the drop is still small; the hinge fit uses the whole shape.
/// </summary>
public static class HingeOnset
{
    /// <summary>The index of the best τ among <paramref name="first"/>..n−3, or −1 for fewer than 4 points.</summary>
    public static int Estimate(IReadOnlyList<double> t, IReadOnlyList<double> x, int first = 0)
    {
        var n = x.Count;
        var best = -1;
        var bestError = double.PositiveInfinity;
        for (var k = Math.Max(0, first); k <= n - 3; k++)
        {
            var error = Error(t, x, t[k]);
            if (best < 0 || error < bestError - 1e-15 * bestError)
            {
                bestError = error;
                best = k;
            }
        }

        return best;
    }

    private static double Error(IReadOnlyList<double> t, IReadOnlyList<double> x, double tau)
    {
        var n = x.Count;
        double sh = 0, sx = 0, shh = 0, shx = 0;
        for (var i = 0; i < n; i++)
        {
            var h = Math.Max(0, t[i] - tau);
            sh += h;
            sx += x[i];
            shh += h * h;
            shx += h * x[i];
        }

        var varH = shh - sh * sh / n;
        var slope = varH > 0 ? (shx - sh * sx / n) / varH : 0;
        var intercept = (sx - slope * sh) / n;
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var r = x[i] - intercept - slope * Math.Max(0, t[i] - tau);
            sse += r * r;
        }

        return sse;
    }
}
