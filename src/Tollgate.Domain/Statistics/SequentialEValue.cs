namespace Tollgate.Domain.Statistics;

/// <summary>
/// Anytime-valid evidence against "the canary is no worse than the bound", in the spirit of the mixture sequential
/// probability ratio test (Robbins 1970; Lindon, Sanden and Shirikian, "Rapid Regression Detection in Software
/// Deployments through Sequential Testing", KDD 2022, https://arxiv.org/abs/2205.14762).
/// The e-value is a mixture, over a grid of alternatives worse than the bound, of likelihood ratios against the bound.
/// Under the null it is a non-negative supermartingale, so by Ville's inequality P(ever E ≥ 1/α) ≤ α: checking it
/// after every interval does not inflate the false-rollback rate. <c>min(1, 1/max E)</c> is an anytime-valid p-value.
/// </summary>
public static class SequentialEValue
{
    /// <summary>Points in the mixing grid; the price of the mixture is at most ln(GridSize) nats of evidence.</summary>
    public const int GridSize = 40;

    private const double RatioSpan = 100;

    private const double OddsSpan = 1000;

    /// <summary>
    /// Evidence that a rate ratio exceeds <paramref name="r0"/>, from per-interval counts (x₁ of n₁ canary,
    /// x₂ of n₂ baseline). The traffic split may change from one interval to the next.
    /// Returns the e-value after each interval.
    /// </summary>
    public static double[] RateRatio(IReadOnlyList<(long X1, double N1, long X2, double N2)> intervals, double r0)
    {
        var logLr = new double[GridSize];
        var result = new double[intervals.Count];
        for (var i = 0; i < intervals.Count; i++)
        {
            var (x1, n1, x2, n2) = intervals[i];
            if (n1 > 0 && n2 > 0 && x1 + x2 > 0)
            {
                var share0 = Statistics.RateRatio.Share(r0, n1, n2);
                for (var j = 0; j < GridSize; j++)
                {
                    var share = Statistics.RateRatio.Share(Alternative(r0, j, RatioSpan), n1, n2);
                    logLr[j] += x1 * Math.Log(share / share0) + x2 * Math.Log((1 - share) / (1 - share0));
                }
            }

            result[i] = Mix(logLr);
        }

        return result;
    }

    /// <summary>
    /// Evidence that a proportion exceeds <paramref name="p0"/>, from per-interval counts of k events in n trials.
    /// Returns the e-value after each interval.
    /// </summary>
    public static double[] Proportion(IReadOnlyList<(long K, long N)> intervals, double p0)
    {
        var logLr = new double[GridSize];
        var result = new double[intervals.Count];
        var odds0 = p0 / (1 - p0);
        for (var i = 0; i < intervals.Count; i++)
        {
            var (k, n) = intervals[i];
            for (var j = 0; j < GridSize && n > 0; j++)
            {
                var odds = odds0 * Alternative(1, j, OddsSpan);
                var p = odds / (1 + odds);
                logLr[j] += k * Math.Log(p / p0) + (n - k) * Math.Log((1 - p) / (1 - p0));
            }

            result[i] = Mix(logLr);
        }

        return result;
    }

    /// <summary>The anytime-valid p-value after these looks: min(1, 1 / the largest e-value seen).</summary>
    public static double AnytimePValue(IEnumerable<double> eValues)
    {
        var max = eValues.DefaultIfEmpty(0).Max();
        return max <= 1 ? 1 : 1 / max;
    }

    /// <summary>The j-th alternative: log-spaced from just above the bound up to <paramref name="span"/> times it.</summary>
    private static double Alternative(double bound, int j, double span) => bound * Math.Exp((j + 1) * Math.Log(span) / GridSize);

    private static double Mix(double[] logLr)
    {
        var max = logLr.Max();
        var sum = 0.0;
        foreach (var l in logLr)
        {
            sum += Math.Exp(l - max);
        }

        return Math.Exp(max + Math.Log(sum / logLr.Length));
    }
}
