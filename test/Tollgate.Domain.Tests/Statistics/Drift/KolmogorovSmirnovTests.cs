using System.Text.Json;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class KolmogorovSmirnovTests
{
    private static readonly JsonElement Vectors = SciPyVectors.Rows("drift");

    [Fact]
    public void Test_SciPyVectors_MatchExactAndAsymptoticPValues()
    {
        foreach (var row in Vectors.GetProperty("ks").EnumerateArray())
        {
            var reference = EmpiricalDistribution.FromValues(row.Numbers("reference"));
            var current = EmpiricalDistribution.FromValues(row.Numbers("current"));
            var exact = KolmogorovSmirnov.Test(reference, current, KsMethod.Exact);
            var asymptotic = KolmogorovSmirnov.Test(reference, current, KsMethod.Asymptotic);
            exact.Statistic.ShouldBe(row.Number("d"), 1e-12);
            SciPyVectors.Close(exact.PValue, row.Number("exact"), 1e-9).ShouldBeTrue($"exact {exact.PValue} vs {row.Number("exact")}");
            var n = reference.Total * (double)current.Total / (reference.Total + current.Total);
            SciPyVectors.Close(asymptotic.PValue, row.Number("asymp"), 1e-9)
                .ShouldBeTrue($"asymptotic {asymptotic.PValue} vs {row.Number("asymp")} at n {n}");
            SciPyVectors.Close(Wasserstein.Distance(reference, current), row.Number("w1"), 1e-9).ShouldBeTrue();
            SciPyVectors.Close(reference.StandardDeviation(), row.Number("stdRef"), 1e-9).ShouldBeTrue();
        }
    }

    [Fact]
    public void Test_WorkedExampleB_ExactAndAsymptoticDisagreeAt005()
    {
        // mlops.md §1.4 B: D 0.625, exact p 0.0870 (no drift), asymptotic p 0.0493 (drift); W1/std 0.7812.
        var reference = EmpiricalDistribution.FromValues([38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0]);
        var current = EmpiricalDistribution.FromValues([39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8]);
        var auto = KolmogorovSmirnov.Test(reference, current);
        auto.Method.ShouldBe(KsMethod.Exact);
        auto.Statistic.ShouldBe(0.625, 1e-12);
        auto.PValue.ShouldBe(0.0870, 5e-5);
        KolmogorovSmirnov.Test(reference, current, KsMethod.Asymptotic).PValue.ShouldBe(0.0493, 5e-5);
        Wasserstein.Normalised(reference, current).ShouldBe(0.7812, 5e-5);
    }

    [Fact]
    public void KolmogorovDistribution_SciPyKstwoAndKstwobign_Match()
    {
        foreach (var row in Vectors.GetProperty("kstwo").EnumerateArray())
        {
            var n = row.Number("n");
            var actual = KolmogorovDistribution.Survival(row.Number("d"), n);
            var expected = row.Number("sf");
            var ok = Math.Abs(actual - expected) <= (1e-6 * expected) + 1e-300;
            ok.ShouldBeTrue($"kstwo.sf({row.Number("d")}, {n}) = {expected}, got {actual}");
        }

        foreach (var row in Vectors.GetProperty("kstwobign").EnumerateArray())
        {
            SciPyVectors.Close(KolmogorovDistribution.LimitingSurvival(row.Number("x")), row.Number("sf"), 1e-10).ShouldBeTrue();
        }
    }

    [Fact]
    public void Test_IdenticalSamples_NeverSignificant()
    {
        var sample = EmpiricalDistribution.FromValues(Enumerable.Range(0, 50).Select(i => Math.Sin(i)).ToArray());
        var result = KolmogorovSmirnov.Test(sample, sample);
        result.Statistic.ShouldBe(0);
        result.PValue.ShouldBe(1);
    }

    [Fact]
    public void ExactPValue_OnlyTheBand_EqualsTheFullLatticeToTheBit()
    {
        // Sizes equal and not, one of them 1, K from the smallest gap to D = 1 and past it.
        var random = new Random(5);
        for (var run = 0; run < 400; run++)
        {
            var n = random.Next(1, run < 50 ? 4 : 90);
            var m = random.Next(1, run % 3 == 0 ? n + 1 : 120);
            var k = (long)random.Next(1, (n * m) + 2);
            var banded = KolmogorovSmirnov.ExactPValue(n, m, k);
            BitConverter.DoubleToInt64Bits(banded).ShouldBe(BitConverter.DoubleToInt64Bits(FullLattice(n, m, k)), $"n {n}, m {m}, K {k}: {banded}");
        }
    }

    [Fact]
    public void Test_DisjointSamples_TinyExactPValueKeepsRelativeAccuracy()
    {
        // P(D = 1) for n = m = 20 is 2 / C(40, 20).
        var a = EmpiricalDistribution.FromValues(Enumerable.Range(0, 20).Select(i => (double)i).ToArray());
        var b = EmpiricalDistribution.FromValues(Enumerable.Range(100, 20).Select(i => (double)i).ToArray());
        var p = KolmogorovSmirnov.Test(a, b, KsMethod.Exact).PValue;
        SciPyVectors.Close(p, 2 / 137846528820.0, 1e-9).ShouldBeTrue($"{p}");
    }

    // The whole (n + 1) × (m + 1) table, every point visited: what ExactPValue computes on the band alone.
    private static double FullLattice(int n, int m, long k)
    {
        var q = new double[m + 1];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                q[j] = Math.Abs(((long)i * m) - ((long)j * n)) >= k ? 1
                    : i == 0 && j == 0 ? 0
                    : ((i == 0 ? 0 : q[j] * i) + (j == 0 ? 0 : q[j - 1] * j)) / (i + j);
            }
        }

        return q[m];
    }
}
