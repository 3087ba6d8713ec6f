using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;

namespace Tollgate.Canary.Tests.Reporting;

/// <summary>
/// The printed interval's lower end reads on the same side of the null as the true one (docs/canary.md, step 5): the
/// w10 walkthrough's roll back (lower end 1.02473) and hold (0.98843) both printed "CI 1.0x-…".
/// </summary>
public sealed class IntervalDigitsTests
{
    private static CheckResult Relative(CheckStatus status, double lower, double upper, double ratio = 2.1) =>
        new(new([new("tenant", "t1")]), "error-rate", "relative", status, "")
        {
            CanaryValue = 0.0093,
            BaselineValue = 0.0045,
            Ratio = ratio,
            RatioInterval = (lower, upper),
            Bound = 1.5,
            Unit = "%",
            Level = 0.0007,
        };

    [Fact]
    public void Headline_RollBackWithLowerEndJustAbove1_ReadsAbove1()
    {
        CheckText.Headline(Relative(CheckStatus.Worse, 1.02473, 3.8)).ShouldBe(
            "tenant=t1: error rate 2.1x baseline (0.93% vs 0.45%, 99.86% CI 1.02x-3.8x)");
    }

    [Fact]
    public void Headline_HoldWithLowerEndJustBelow1_ReadsBelow1()
    {
        CheckText.Headline(Relative(CheckStatus.Exceeds, 0.98843, 3.6)).ShouldBe(
            "tenant=t1: error rate 2.1x baseline (0.93% vs 0.45%, 99.86% CI 0.99x-3.6x)");
    }

    [Fact]
    public void Headline_EstimateJustAboveMaxRatio_ReadsAboveIt()
    {
        CheckText.Headline(Relative(CheckStatus.Worse, 1.2, 3.6, ratio: 1.5321) with { Bound = 1.53 }).ShouldContain("error rate 1.532x baseline");
    }

    [Fact]
    public void Headline_SloLowerEndJustBelowTheSlo_ReadsBelowIt()
    {
        var check = new CheckResult(new([new("tenant", "t1")]), "error-rate", "slo", CheckStatus.Exceeds, "")
        {
            CanaryValue = 0.01004,
            CanaryInterval = (0.009996, 0.0112),
            Bound = 0.01,
            Unit = "%",
            Level = 0.025,
        };

        CheckText.Headline(check).ShouldBe("tenant=t1: error rate 1.004% above the SLO 1.00% (95% CI 0.9996%-1.12%)");
    }

    [Theory]
    [InlineData(1.02473, 1.0, "0.0", "1.02")]
    [InlineData(0.98843, 1.0, "0.0", "0.99")]
    [InlineData(1.0004, 1.0, "0.0", "1.0004")]
    [InlineData(0.99996, 1.0, "0.0", "0.99996")]
    [InlineData(1.25, 1.0, "0.0", "1.3")]
    [InlineData(1.0, 1.0, "0.0", "1.0")]
    [InlineData(1.0000000001, 1.0, "0.0", "1.000000")]
    [InlineData(10.04, 10.0, "0", "10.04")]
    [InlineData(9.96, 10.0, "0.0", "9.96")]
    public void Format_EndNearItsReference_KeepsItsSide(double value, double reference, string format, string expected) =>
        SideDigits.Format(value, reference, format).ShouldBe(expected);

    [Fact]
    public void Format_MillisecondsWithHashes_AddsOnlyTheDigitsNeeded() =>
        SideDigits.Format(499.96, 500, "0.#", '#').ShouldBe("499.96");
}
