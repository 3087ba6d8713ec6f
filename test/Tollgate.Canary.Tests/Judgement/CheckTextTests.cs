using Tollgate.Canary.Judgement;

namespace Tollgate.Canary.Tests.Judgement;

public sealed class CheckTextTests
{
    [Fact]
    public void Headline_Relative_NamesTheSliceFirst()
    {
        var check = new CheckResult(new([new("tenant", "acme"), new("endpoint", "/pay")]), "error-rate", "relative", CheckStatus.Worse, "")
        {
            CanaryValue = 0.0062,
            BaselineValue = 0.002,
            Ratio = 3.1,
            RatioInterval = (2.2, 4.4),
            Unit = "%",
            Level = 0.002,
        };

        CheckText.Headline(check).ShouldBe("tenant=acme endpoint=/pay: error rate 3.1x baseline (0.62% vs 0.20%, 99.6% CI 2.2x-4.4x)");
    }

    [Fact]
    public void Headline_LatencySlo_ShowsMilliseconds()
    {
        var check = new CheckResult(new([new("tenant", "acme")]), "latency-p99", "slo", CheckStatus.Exceeds, "")
        {
            CanaryValue = 0.62,
            CanaryInterval = (0.55, 0.7),
            Bound = 0.5,
            Unit = "s",
            Level = 0.025,
        };

        CheckText.Headline(check).ShouldBe("tenant=acme: latency p99 620ms above the SLO 500ms (95% CI 550ms-700ms)");
    }

    [Fact]
    public void More_ExceedsWithRequestsToGo_SaysHowManyAndHowLong()
    {
        var check = new CheckResult(new([new("tenant", "acme")]), "error-rate", "relative", CheckStatus.Exceeds, "")
        {
            CanaryCount = 8000,
            Looks = (10, 10),
            MoreCanaryRequests = 4000,
        };

        CheckText.More(check, TimeSpan.FromMinutes(1)).ShouldBe("; ≈4,000 more canary requests (≈5m at the current rate) would decide it");
    }

    [Theory]
    [InlineData(0.025, "95%")]
    [InlineData(0.002, "99.6%")]
    [InlineData(0.0001, "99.98%")]
    [InlineData(2e-7, "99.99996%")]
    [InlineData(1.37e-11, ">99.99999%")]
    [InlineData(0.0, "100%")]
    public void Level_OneSided_PrintsTheTwoSidedLevel(double nominal, string expected) => CheckText.Level(nominal).ShouldBe(expected);
}
