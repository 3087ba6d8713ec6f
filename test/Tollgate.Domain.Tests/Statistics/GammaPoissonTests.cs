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
