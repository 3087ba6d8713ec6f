using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>The mixture SPRT's confidence sequence is the set its p-values do not reject: the figures printed beside a KPI verdict.</summary>
public sealed class AlwaysValidTests
{
    [Theory]
    [InlineData(0.01, 2.5e-5, 1e-4, 0.05)]
    [InlineData(-0.05, 4e-5, 1e-4, 0.05)]
    [InlineData(3.2, 0.7, 0.25, 0.01)]
    [InlineData(0, 1e-8, 1e-2, 0.1)]
    public void Interval_EndsAreWhereTheTwoSidedPEqualsAlpha(double estimate, double variance, double tau2, double alpha)
    {
        var (low, high) = AlwaysValid.Interval(estimate, variance, tau2, alpha);

        low.ShouldBeLessThan(estimate);
        (high - estimate).ShouldBe(estimate - low, 1e-12 * Math.Max(1, Math.Abs(estimate)));
        AlwaysValid.PValue(estimate, variance, low, tau2).ShouldBe(alpha, 1e-9 * alpha);
        AlwaysValid.PValue(estimate, variance, high, tau2).ShouldBe(alpha, 1e-9 * alpha);
    }

    [Fact]
    public void Interval_LowerEndAboveTheNullExactlyWhenTheOneSidedTestRejects()
    {
        var random = new Random(20261204);
        var decided = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var variance = Math.Pow(10, -6 + (4 * random.NextDouble()));
            var tau2 = Math.Pow(10, -5 + (4 * random.NextDouble()));
            var estimate = (random.NextDouble() - 0.5) * 0.1;
            var nullValue = (random.NextDouble() - 0.5) * 0.1;
            var alpha = new[] { 0.01, 0.05, 0.1 }[i % 3];
            var (low, high) = AlwaysValid.Interval(estimate, variance, tau2, alpha);

            var greater = AlwaysValid.OneSided(estimate, variance, nullValue, tau2, greater: true) < alpha;
            var less = AlwaysValid.OneSided(estimate, variance, nullValue, tau2, greater: false) < alpha;
            (low > nullValue).ShouldBe(greater, $"estimate {estimate}, V {variance}, τ² {tau2}, θ₀ {nullValue}, α {alpha}: [{low}, {high}]");
            (high < nullValue).ShouldBe(less, $"estimate {estimate}, V {variance}, τ² {tau2}, θ₀ {nullValue}, α {alpha}: [{low}, {high}]");
            decided += greater || less ? 1 : 0;
        }

        // Both sides of the equivalence were exercised, not only "never rejects".
        decided.ShouldBeInRange(2_000, 18_000);
    }

    [Fact]
    public void Interval_WithoutVarianceOrMixture_IsNotANumber()
    {
        double.IsNaN(AlwaysValid.Interval(0.1, 0, 1e-4, 0.05).Low).ShouldBeTrue();
        double.IsNaN(AlwaysValid.Interval(0.1, 1e-4, 0, 0.05).High).ShouldBeTrue();
        AlwaysValid.PValue(0.1, 0, 0, 1e-4).ShouldBe(1);
    }
}
