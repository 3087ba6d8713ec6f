using Tollgate.Domain.Statistics.Trend;

namespace Tollgate.Domain.Tests.Statistics.Trend;

public sealed class RobustBaselineTests
{
    [Fact]
    public void Estimate_CleanData_IsTheClassicMeanAndStandardDeviation()
    {
        var x = new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

        var baseline = RobustBaseline.Estimate(x);

        baseline.Outliers.ShouldBeEmpty();
        baseline.Level.ShouldBe(5.5);
        baseline.Noise.ShouldBe(Math.Sqrt(82.5 / 9), 1e-12);
        baseline.Autocorrelation.ShouldBe(MannKendall.Autocorrelation(x, 1), 1e-12);
    }

    [Fact]
    public void Estimate_OneOutageDay_IsSetAsideFromLevelNoiseAndAutocorrelation()
    {
        double[] clean = [0.80, 0.82, 0.79, 0.81, 0.80, 0.78, 0.82, 0.81, 0.79, 0.80];
        var x = clean.ToArray();
        x[4] = 0.40; // median 0.80, MAD 0.01: 0.40 is 27 robust standard deviations away

        var baseline = RobustBaseline.Estimate(x);

        baseline.Outliers.ShouldBe([4]);
        var kept = clean.Where((_, i) => i != 4).ToArray();
        baseline.Level.ShouldBe(kept.Average(), 1e-12);
        baseline.Noise.ShouldBe(Math.Sqrt(kept.Sum(v => (v - kept.Average()) * (v - kept.Average())) / 8), 1e-12);
        var replaced = x.ToArray();
        replaced[4] = kept.Average();
        baseline.Autocorrelation.ShouldBe(MannKendall.Autocorrelation(replaced, 1), 1e-12);
    }

    [Fact]
    public void Estimate_MostPointsEqual_SetsNothingAside()
    {
        // MAD 0: no scale to measure distance by, so the classic figures stand.
        var baseline = RobustBaseline.Estimate([5.0, 5, 5, 5, 5, 5, 9]);

        baseline.Outliers.ShouldBeEmpty();
        baseline.Level.ShouldBe(39.0 / 7, 1e-12);
    }

    [Fact]
    public void Estimate_FewerThanThreePoints_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => RobustBaseline.Estimate([1.0, 2]));
}
