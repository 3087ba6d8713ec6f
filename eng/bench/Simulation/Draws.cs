namespace Tollgate.Simulation;

/// <summary>The distributions the decision-quality benchmarks draw traffic from.</summary>
public static class Draws
{
    /// <summary>Standard normal (Box-Muller, one of the pair).</summary>
    public static double Normal(SplitMix64 random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Poisson by inversion below a mean of 30, else the normal approximation (requests per minute are in the hundreds).</summary>
    public static double Poisson(SplitMix64 random, double mean)
    {
        if (mean > 30)
        {
            return Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * Normal(random)));
        }

        var u = random.NextDouble();
        var k = 0;
        var p = Math.Exp(-mean);
        var cdf = p;
        while (u > cdf && k < 1000)
        {
            k++;
            p *= mean / k;
            cdf += p;
        }

        return k;
    }

    /// <summary>Errors among the requests: Bin(n, p) with p small, drawn as Poisson(n·p) truncated at n (exact enough at 0.2–1%).</summary>
    public static double Binomial(SplitMix64 random, long n, double p) => Math.Min(n, Poisson(random, n * p));

    /// <summary>A multiplier with mean 1 whose logarithm is normal with standard deviation <paramref name="sigma"/>.</summary>
    public static double LogNormalFactor(SplitMix64 random, double sigma) =>
        sigma <= 0 ? 1 : Math.Exp(sigma * Normal(random) - 0.5 * sigma * sigma);

    /// <summary>
    /// A slice's requests and errors minute by minute: Poisson requests (none drawn in a minute of none expected),
    /// errors at the minute's rate times a log-normal factor of σ <paramref name="sigma"/> (overdispersion).
    /// </summary>
    public static (double[] Requests, double[] Errors) SliceMinutes(SplitMix64 random, int minutes, Func<int, double> requests, Func<int, double> errorRate, double sigma)
    {
        var n = new double[minutes];
        var x = new double[minutes];
        for (var t = 0; t < minutes; t++)
        {
            n[t] = requests(t) > 0 ? Poisson(random, requests(t)) : 0;
            x[t] = Math.Min(n[t], Binomial(random, (long)n[t], Math.Min(1, errorRate(t) * LogNormalFactor(random, sigma))));
        }

        return (n, x);
    }
}
