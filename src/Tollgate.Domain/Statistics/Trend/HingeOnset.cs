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
        var sums = n > SenSlope.ListedUpTo && PairwiseSlopes.Increasing(t) ? new Sums(t, x) : null;
        for (var k = Math.Max(0, first); k <= n - 3; k++)
        {
            var error = sums?.Error(k) ?? Error(t, x, t[k]);
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
        var (intercept, slope) = Fit(t, x, tau);
        double sse = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var r = x[i] - intercept - (slope * Math.Max(0, t[i] - tau));
            sse += r * r;
        }

        return sse;
    }

    /// <summary>The values less the least-squares level-then-line bending at <paramref name="tau"/>: the noise the fit leaves.</summary>
    public static double[] Residuals(IReadOnlyList<double> t, IReadOnlyList<double> x, double tau)
    {
        var (intercept, slope) = Fit(t, x, tau);
        return [.. x.Select((v, i) => v - intercept - (slope * Math.Max(0, t[i] - tau)))];
    }

    /// <summary>The least-squares level a and slope b of x = a + b·max(0, t − τ).</summary>
    private static (double Intercept, double Slope) Fit(IReadOnlyList<double> t, IReadOnlyList<double> x, double tau)
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

        var varH = shh - (sh * sh / n);
        var slope = varH > 0 ? (shx - (sh * sx / n)) / varH : 0;
        return ((sx - (slope * sh)) / n, slope);
    }

    /// <summary>
    /// The same fit in O(1) for each τ on increasing times, from suffix sums: only the points after τ have h = t − τ &gt; 0,
    /// so Σh, Σh², Σhx are sums over them in t, t² and tx. Times and values are centred first (the fit does not move),
    /// which keeps the sums' cancellation small beside the error compared.
    /// </summary>
    private sealed class Sums
    {
        private readonly double[] _t;
        private readonly double[] _st;
        private readonly double[] _stt;
        private readonly double[] _sx;
        private readonly double[] _stx;
        private readonly double _sxx;
        private readonly int _n;

        public Sums(IReadOnlyList<double> t, IReadOnlyList<double> x)
        {
            _n = x.Count;
            var t0 = t[0];
            var mean = x.Average();
            _t = [.. t.Select(v => v - t0)];
            (_st, _stt, _sx, _stx) = (new double[_n + 1], new double[_n + 1], new double[_n + 1], new double[_n + 1]);
            for (var i = _n - 1; i >= 0; i--)
            {
                var (ti, xi) = (_t[i], x[i] - mean);
                _st[i] = _st[i + 1] + ti;
                _stt[i] = _stt[i + 1] + (ti * ti);
                _sx[i] = _sx[i + 1] + xi;
                _stx[i] = _stx[i + 1] + (ti * xi);
                _sxx += xi * xi;
            }
        }

        /// <summary>The residual sum of squares with the hinge at the k-th time (Σx is 0 after centring).</summary>
        public double Error(int k)
        {
            var tau = _t[k];
            var m = _n - k - 1;
            var sh = _st[k + 1] - (m * tau);
            var shh = _stt[k + 1] - (2 * tau * _st[k + 1]) + (m * tau * tau);
            var shx = _stx[k + 1] - (tau * _sx[k + 1]);
            var varH = shh - (sh * sh / _n);
            return varH > 0 ? Math.Max(0, _sxx - (shx * shx / varH)) : _sxx;
        }
    }
}
