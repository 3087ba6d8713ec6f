using Tollgate.Domain.Statistics.Trend;

namespace Tollgate.Domain.Tests.Statistics.Trend;

public sealed class MannKendallTests
{
    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 10, 16.667, 2.2045, 0.02749, 1.0)]
    [InlineData(new double[] { 5, 3, 3, 2, 4, 1, 1 }, -13, 42.333, -1.8443, 0.06513, -0.6190)]
    [InlineData(new double[] { .812, .809, .815, .801, .806, .798, .803, .795, .799, .790, .793, .786, .789, .781 }, -73, 333.67, -3.9416, 8.09e-5, -0.8022)]
    public void Original_WorkedExamples_MatchMlopsTable(double[] x, double s, double variance, double z, double p, double tau)
    {
        var result = MannKendall.Original(x);
        result.S.ShouldBe(s);
        result.Variance.ShouldBe(variance, 5e-3);
        result.Z.ShouldBe(z, 5e-4);
        result.PValue.ShouldBe(p, p * 1e-3);
        result.Tau.ShouldBe(tau, 5e-4);
    }

    [Fact]
    public void SenSlope_WorkedExamples_MatchMlopsTable()
    {
        var first = SenSlope.Estimate([1, 2, 3, 4, 5]);
        first.Slope.ShouldBe(1);
        first.Intercept.ShouldBe(1);
        var ties = SenSlope.Estimate([5, 3, 3, 2, 4, 1, 1]);
        ties.Slope.ShouldBe(-0.5);
        ties.Intercept.ShouldBe(4.5);
        var kpi = SenSlope.Estimate([.812, .809, .815, .801, .806, .798, .803, .795, .799, .790, .793, .786, .789, .781]);
        kpi.Slope.ShouldBe(-0.0023, 5e-5);
        kpi.Low.ShouldBe(-0.00278, 5e-6);
        kpi.High.ShouldBe(-0.00175, 5e-6);
    }

    [Fact]
    public void SciPyVectors_TheilSlopesKendallTauAndYueWang_Match()
    {
        foreach (var row in SciPyVectors.Rows("trend").EnumerateArray())
        {
            var x = row.Numbers("x");
            var sen = SenSlope.Estimate(x);
            SciPyVectors.Close(sen.Slope, row.Number("senSlope"), 1e-10).ShouldBeTrue();
            SciPyVectors.Close(sen.Intercept, row.Number("intercept"), 1e-10).ShouldBeTrue();
            SciPyVectors.Close(sen.Low, row.Number("low"), 1e-10).ShouldBeTrue($"low {sen.Low} vs {row.Number("low")}");
            SciPyVectors.Close(sen.High, row.Number("high"), 1e-10).ShouldBeTrue();
            if (row.TryGetProperty("yueWang", out var yw))
            {
                var result = MannKendall.YueWang(x);
                SciPyVectors.Close(result.Variance, yw.Number("varS"), 1e-9).ShouldBeTrue();
                SciPyVectors.Close(result.PValue, yw.Number("p"), 1e-8).ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void YueWang_PositivelyAutocorrelatedNoise_WidensTheVariance()
    {
        var rng = new Random(7);
        var x = new double[60];
        for (var i = 1; i < x.Length; i++)
        {
            x[i] = 0.8 * x[i - 1] + rng.NextDouble() - 0.5;
        }

        MannKendall.YueWang(x).Variance.ShouldBeGreaterThan(MannKendall.Original(x).Variance);
    }
}
