using System.Text.Json;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class BinnedDistancesTests
{
    private static readonly JsonElement Vectors = SciPyVectors.Rows("drift");

    private static long[] Longs(JsonElement row, string name) => row.Numbers(name).Select(v => (long)v).ToArray();

    [Fact]
    public void CountsTests_SciPyVectors_Match()
    {
        foreach (var row in Vectors.GetProperty("counts").EnumerateArray())
        {
            var r = Longs(row, "reference");
            var c = Longs(row, "current");
            var gof = ChiSquared.GoodnessOfFit(r, c);
            var contingency = ChiSquared.Contingency(r, c);
            SciPyVectors.Close(gof.Statistic, row.Number("gofStat"), 1e-10).ShouldBeTrue();
            SciPyVectors.Close(gof.PValue, row.Number("gofP"), 1e-9).ShouldBeTrue();
            SciPyVectors.Close(contingency.Statistic, row.Number("contStat"), 1e-10).ShouldBeTrue();
            SciPyVectors.Close(contingency.PValue, row.Number("contP"), 1e-9).ShouldBeTrue($"{contingency.PValue} vs {row.Number("contP")}");
            SciPyVectors.Close(BinnedDistances.JensenShannon(r, c), row.Number("js"), 1e-10).ShouldBeTrue();
            SciPyVectors.Close(BinnedDistances.JensenShannon(r, c, 2), row.Number("js2"), 1e-10).ShouldBeTrue();
        }

        foreach (var row in Vectors.GetProperty("chi2").EnumerateArray())
        {
            SciPyVectors.Close(ChiSquared.Survival(row.Number("x"), row.Number("df")), row.Number("sf"), 1e-9).ShouldBeTrue();
        }

        foreach (var row in Vectors.GetProperty("chi2ppf").EnumerateArray())
        {
            var x = ChiSquared.Quantile(row.Number("p"), row.Number("df"));
            SciPyVectors.Close(x, row.Number("x"), 1e-8).ShouldBeTrue($"chi2.ppf({row.Number("p")}, {row.Number("df")}): {x} vs {row.Number("x")}");
        }
    }

    [Fact]
    public void Distances_WorkedExampleA_MatchMlopsTable()
    {
        // mlops.md §1.4 A (Evidently's test_freq_obs_eq_freq_exp and our figures).
        long[] r = [16, 18, 16, 14, 12, 12];
        long[] c = [16, 16, 16, 16, 16, 8];
        ChiSquared.GoodnessOfFit(r, c).PValue.ShouldBe(0.67309, 5e-6);
        BinnedDistances.Hellinger(r, c).ShouldBe(0.06812, 1e-5); // the table rounds 0.0681277 down
        BinnedDistances.Psi(r, c).ShouldBe(0.037218, 5e-7);
        BinnedDistances.JensenShannon(r, c).ShouldBe(0.068048, 5e-7);
        BinnedDistances.JensenShannon(r, c, 2).ShouldBe(0.081734, 5e-7);
        BinnedDistances.TotalVariation(r, c).ShouldBe(0.068182, 5e-7);
        BinnedDistances.LInfinity(r, c).ShouldBe(0.045455, 5e-7);
        ChiSquared.Contingency(r, c).PValue.ShouldBe(0.8985, 5e-5);
    }

    [Fact]
    public void Psi_WorkedExampleD_ZeroBinFilledAsEvidently()
    {
        long[] reference = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
        BinnedDistances.Psi(reference, [5, 5, 10, 10, 10, 10, 10, 10, 15, 15]).ShouldBe(0.10986, 5e-6);
        BinnedDistances.Psi(reference, [0, 10, 10, 10, 10, 10, 10, 10, 15, 15]).ShouldBe(0.7306, 5e-5);
    }

    [Fact]
    public void Psi_WorkedExampleC_ReferenceDecilesGiveOneEmptyBin()
    {
        // mlops.md §1.4 C: reference 0..99, current 10..109, deciles with open ends: PSI 0.7594; KS D 0.10, p 0.702; W1/std 0.3464.
        var reference = EmpiricalDistribution.FromValues(Enumerable.Range(0, 100).Select(i => (double)i).ToArray());
        var current = EmpiricalDistribution.FromValues(Enumerable.Range(10, 100).Select(i => (double)i).ToArray());
        var edges = QuantileBins.Edges(reference, 10);
        var psi = BinnedDistances.Psi(QuantileBins.Count(reference, edges), QuantileBins.Count(current, edges));
        psi.ShouldBe(0.7594, 5e-5);
        var ks = KolmogorovSmirnov.Test(reference, current);
        ks.Statistic.ShouldBe(0.10, 1e-12);
        ks.PValue.ShouldBe(0.702, 5e-4);
        Wasserstein.Normalised(reference, current).ShouldBe(0.3464, 5e-5);
    }

    [Fact]
    public void PsiPValue_NullOfSmallWindows_IsNotSignificantWherePsiExceedsTheRuleOfThumb()
    {
        // §1.5: with N = M = 100 and 10 bins, PSI's mean under no drift is 0.18 > 0.1: a 0.15 is noise there (p large),
        // but a 0.15 with 10,000 rows a side is not.
        BinnedDistances.PsiPValue(0.15, 100, 100, 10).ShouldBeGreaterThan(0.3);
        BinnedDistances.PsiPValue(0.15, 10_000, 10_000, 10).ShouldBeLessThan(1e-10);
        BinnedDistances.PsiPValue(0.0, 100, 100, 10).ShouldBe(1);
    }
}
