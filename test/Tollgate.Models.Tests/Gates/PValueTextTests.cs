using Tollgate.Models.Gates;

namespace Tollgate.Models.Tests.Gates;

/// <summary>A p-value printed beside a decision never rounds across the decision's level (shadow printed "p 0.05" beside a FAIL at α 0.05).</summary>
public sealed class PValueTextTests
{
    [Theory]
    [InlineData(0.04598703633067974, 0.05, "0.046")]
    [InlineData(0.0499996, 0.05, "0.0499996")]
    [InlineData(0.00732, 0.0167, "0.00732")]
    [InlineData(0.05, 0.05, "0.05")]
    [InlineData(3.1092e-5, 0.05, "3.11e-5")]
    [InlineData(1, 0.05, "1")]
    [InlineData(0, 0.05, "<1e-300")]
    public void Of_PBesideLevel_ThreeSignificantDigitsOnTheRightSide(double p, double level, string expected)
    {
        PValueText.Of(p, level).ShouldBe(expected);
    }
}
