using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Tests.Spec;

/// <summary>
/// A window of more looks than the alpha spending's levels are verified for (<see cref="GroupSequential.MaxLooks"/>) is
/// refused at load: beyond it the levels were wrong (at 1,000 looks, a level of 1 from look 870 on: every late look
/// rolled back).
/// </summary>
public sealed class SpecLooksTests
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

    [Theory]
    [InlineData("window: 10m ", "interval: 1m ", 10)]
    [InlineData("window: 10m ", "interval: 20s ", 30)]
    [InlineData("window: 1h ", "interval: 2m ", 30)]
    public void Parse_AtMostTheVerifiedLooks_Loads(string window, string interval, int looks)
    {
        var text = Example.Replace("window: 10m ", window, StringComparison.Ordinal).Replace("interval: 1m ", interval, StringComparison.Ordinal);

        SpecLoader.Parse(text, "checkout.yaml").Steps.ShouldBe(looks);
        looks.ShouldBeLessThanOrEqualTo(GroupSequential.MaxLooks);
    }

    [Theory]
    [InlineData("window: 10m ", "interval: 10s ", "checkout.yaml:5: window 10m / interval 10s is 60 looks; at most 30 are supported (the alpha spending's levels are verified only that far): lengthen interval to at least 20s")]
    [InlineData("window: 4h ", "interval: 30s ", "checkout.yaml:5: window 4h / interval 30s is 480 looks; at most 30 are supported (the alpha spending's levels are verified only that far): lengthen interval to at least 8m")]
    [InlineData("window: 7m ", "interval: 7s ", "checkout.yaml:5: window 7m / interval 7s is 60 looks; at most 30 are supported (the alpha spending's levels are verified only that far): lengthen interval to at least 14s")]
    [InlineData("window: 31m ", "interval: 1m ", "checkout.yaml:5: window 31m / interval 1m is 31 looks; at most 30 are supported (the alpha spending's levels are verified only that far): lengthen interval to at least 1m2s")]
    public void Parse_MoreLooksThanVerified_IsOneLineWithALongerInterval(string window, string interval, string expected)
    {
        var text = Example.Replace("window: 10m ", window, StringComparison.Ordinal).Replace("interval: 1m ", interval, StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "checkout.yaml"));

        error.Message.ShouldBe(expected);
    }
}
