using Tollgate.Domain.Dora;

namespace Tollgate.Domain.Tests.Dora;

public sealed class QuantileTests
{
    [Theory]
    [InlineData(MedianKind.Interpolated, 0.5, 2.5)]
    [InlineData(MedianKind.Lower, 0.5, 2)]
    [InlineData(MedianKind.Mean, 0.5, 2.5)]
    [InlineData(MedianKind.Interpolated, 0.9, 3.7)]
    [InlineData(MedianKind.Lower, 0.9, 3)]
    public void Of_FourValues_MatchesPercentileContAndPercentRank(MedianKind kind, double p, double expected)
    {
        Quantile.Of([4, 1, 3, 2], p, kind)!.Value.ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Of_Empty_IsNull() => Quantile.Of([], 0.5, MedianKind.Interpolated).ShouldBeNull();

    [Theory]
    [InlineData(2024, 1.5, DoraLevel.Elite)]
    [InlineData(2024, 0.5, DoraLevel.High)]
    [InlineData(2024, 0.05, DoraLevel.Medium)]
    [InlineData(2024, 0.01, DoraLevel.Low)]
    public void Assess_DeploysPerDay_FollowsTheYearsBands(int year, double perDay, DoraLevel expected)
    {
        DoraLevels.Assess(year, DoraMetric.DeploymentFrequency, perDay).ShouldBe(expected);
    }

    [Fact]
    public void Assess_UnknownYear_IsAnInputError()
    {
        Should.Throw<InvalidInputException>(() => DoraLevels.Assess(1999, DoraMetric.DeploymentFrequency, 1));
    }
}
