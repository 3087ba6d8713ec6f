using CsCheck;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class GammaPoissonTests
{
    [Fact]
    public void Tails_SciPyVectors_Match()
    {
        var vectors = SciPyVectors.Rows("gamma_poisson");
        foreach (var row in vectors.GetProperty("tails").EnumerateArray())
        {
            var prior = new GammaPrior(row.Number("shape"), row.Number("rate"));
            var (x, n1) = ((long)row.Number("x"), row.Number("n1"));
            SciPyVectors.Close(GammaPoisson.PredictiveTail(x, n1, prior), row.Number("tail"), 1e-8).ShouldBeTrue($"tail {row}");
            SciPyVectors.Close(GammaPoisson.CappedPredictiveTail(x, n1, prior, row.Number("cap")), row.Number("capped"), 1e-6).ShouldBeTrue(
                $"capped {GammaPoisson.CappedPredictiveTail(x, n1, prior, row.Number("cap")):R} {row}");
        }

        foreach (var row in vectors.GetProperty("homogeneity").EnumerateArray())
        {
            var slices = row.Numbers("events").Zip(row.Numbers("requests"), (e, n) => ((long)e, n)).ToList();
            SciPyVectors.Close(GammaPoisson.HomogeneityPValue(slices), row.Number("p"), 1e-9).ShouldBeTrue(row.ToString());
        }
    }

    [Fact]
    public void PredictiveTail_NothingBorrowed_IsTheExactConditionalTest()
    {
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[500, 50_000], Gen.Int[500, 50_000]).Sample((x1, x2, n1, n2) =>
        {
            var posterior = GammaPoisson.Posterior(GammaPrior.None, x2, n2);
            return Math.Abs(GammaPoisson.PredictiveTail(x1, n1, posterior) - RateRatio.TestGreater(x1, n1, x2, n2, 1)) < 1e-9;
        }, iter: 300);
    }

    [Fact]
    public void CappedPredictiveTail_NeverAboveTheUncappedTail()
    {
        Gen.Select(Gen.Int[0, 200], Gen.Double[1, 200], Gen.Double[0.001, 0.05]).Sample((x, shape, cap) =>
        {
            var prior = new GammaPrior(shape, shape / 0.005);
            var capped = GammaPoisson.CappedPredictiveTail(x, 8000, prior, cap);
            return capped is >= 0 and <= 1 && capped <= GammaPoisson.PredictiveTail(x, 8000, prior) + 1e-12;
        }, iter: 300);
    }

    [Fact]
    public void RatioInterval_LowerEndAboveOne_ExactlyWhenTheTestIsSignificant()
    {
        Gen.Select(Gen.Int[1, 150], Gen.Int[0, 150], Gen.Double[1e-4, 0.05]).Sample((x1, x2, level) =>
        {
            var posterior = GammaPoisson.Posterior(GammaPrior.None, x2, 8000);
            var (low, high) = GammaPoisson.RatioInterval(x1, 8000, posterior, level);
            var significant = GammaPoisson.PredictiveTail(x1, 8000, posterior) <= level;
            return low <= high && (Math.Abs(low - 1) < 1e-6 || (low > 1) == significant);
        }, iter: 300);
    }

    [Fact]
    public void RatioInterval_SciPyVectors_Match()
    {
        foreach (var row in SciPyVectors.Rows("ratio_interval").EnumerateArray())
        {
            var posterior = GammaPoisson.Posterior(new GammaPrior(row.Number("shape"), row.Number("rate")), (long)row.Number("x2"), row.Number("n2"));
            var (low, high) = GammaPoisson.RatioInterval((long)row.Number("x1"), row.Number("n1"), posterior, row.Number("nu"));
            SciPyVectors.Close(low, row.Number("lower"), 1e-7).ShouldBeTrue($"lower {low:R} {row}");
            SciPyVectors.Close(high, row.Number("upper"), 1e-7).ShouldBeTrue($"upper {high:R} {row}");
        }
    }

    [Theory]
    [InlineData(500, 0.001, 4, 0.05)]
    [InlineData(500, 0.003, 2, 0.05)]
    [InlineData(5000, 0.001, 4, 0.001)]
    [InlineData(2000, 0.002, 1, 0.01)]
    [InlineData(3000, 0.003, 3, 0.0021)]
    public void RatioInterval_TrueRatioAboveTheUpperEnd_AtMostTheLevel(int requests, double rate, double ratio, double level)
    {
        // Exact: the Poisson mass of every (x₁, x₂) whose upper end falls below the true ratio, both groups of equal size.
        var (canaryMean, baselineMean) = (requests * rate * ratio, requests * rate);
        var missed = 0.0;
        for (long x2 = 0; x2 <= Quantile(baselineMean); x2++)
        {
            var posterior = GammaPoisson.Posterior(GammaPrior.None, x2, requests);
            for (long x1 = 0; x1 <= Quantile(canaryMean); x1++)
            {
                if (GammaPoisson.RatioInterval(x1, requests, posterior, level).Upper < ratio)
                {
                    missed += Pmf(x1, canaryMean) * Pmf(x2, baselineMean);
                }
            }
        }

        missed.ShouldBeLessThanOrEqualTo(level);
    }

    [Fact]
    public void RatioInterval_BorrowedBaseline_UpperEndInvertsTheLowerTail()
    {
        Gen.Select(Gen.Int[0, 150], Gen.Int[0, 150], Gen.Double[0.05, 40], Gen.Double[1e-4, 0.05]).Sample((x1, x2, shape, level) =>
        {
            var posterior = GammaPoisson.Posterior(new GammaPrior(shape, shape / 0.004), x2, 8000);
            var upper = GammaPoisson.RatioInterval(x1, 8000, posterior, level).Upper;
            // P(X ≤ x₁) at the upper end, with the baseline's shape one less than the upper tail's.
            var lowerTail = 1 - GammaPoisson.PredictiveTail(x1 + 1, 8000, posterior with { Shape = posterior.Shape - 1 }, upper);
            return Math.Abs(lowerTail - level) < 1e-7 * Math.Max(1, level * 1e3);
        }, iter: 300);
    }

    private static long Quantile(double mean) => (long)Math.Ceiling(mean + 12 * Math.Sqrt(mean) + 30);

    private static double Pmf(long k, double mean) => Math.Exp(k * Math.Log(mean) - mean - SpecialFunctions.LogGamma(k + 1.0));

    [Fact]
    public void Fit_HomogeneousSlices_BorrowsAndHeterogeneousBorrowsLittle()
    {
        var random = new Random(7);
        var same = Enumerable.Range(0, 20).Select(_ => ((long)Poisson(random, 16), 8000.0)).ToList();
        var spread = Enumerable.Range(0, 20).Select(i => ((long)Poisson(random, 8000 * 0.002 * Math.Pow(5, i / 19.0 - 0.5)), 8000.0)).ToList();

        GammaPoisson.Fit(same).Rate.ShouldBeGreaterThan(16_000);
        GammaPoisson.Fit(spread).Rate.ShouldBeLessThan(8000);
        GammaPoisson.HomogeneityPValue(spread).ShouldBeLessThan(0.01);
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }
}
