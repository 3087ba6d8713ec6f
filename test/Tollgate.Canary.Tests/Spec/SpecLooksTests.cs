using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Tests.Spec;

/// <summary>
/// A window of more looks than <see cref="GroupSequential.MaxLooks"/> is refused at load: the levels are right further
/// (to 1,000 looks), but a process computes them at its first call, too slowly beyond. Beyond 30 looks it was refused
/// before: the levels were wrong (at 1,000 looks, a level of 1 from look 870 on: every late look rolled back); a 2-hour
/// window of 1-minute steps, as Argo Rollouts users write, loads, and since each call computes only the α columns it
/// reads (not all 82), a 4-hour one too.
/// </summary>
public sealed class SpecLooksTests
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

    [Theory]
    [InlineData("window: 10m ", "interval: 1m ", 10)]
    [InlineData("window: 10m ", "interval: 20s ", 30)]
    [InlineData("window: 1h ", "interval: 2m ", 30)]
    [InlineData("window: 10m ", "interval: 10s ", 60)]
    [InlineData("window: 2h ", "interval: 1m ", 120)]
    [InlineData("window: 3h ", "interval: 1m ", 180)]
    [InlineData("window: 4h ", "interval: 1m ", 240)]
    public void Parse_AtMostMaxLooks_Loads(string window, string interval, int looks)
    {
        var text = Example.Replace("window: 10m ", window, StringComparison.Ordinal).Replace("interval: 1m ", interval, StringComparison.Ordinal);

        SpecLoader.Parse(text, "checkout.yaml").Steps.ShouldBe(looks);
        looks.ShouldBeLessThanOrEqualTo(GroupSequential.MaxLooks);
    }

    [Theory]
    [InlineData("window: 4h ", "interval: 30s ", "checkout.yaml:5: window 4h / interval 30s is 480 looks; at most 240 are supported (the alpha spending's levels are computed at each call's start, too slowly beyond): lengthen interval to at least 1m")]
    [InlineData("window: 5h ", "interval: 1m ", "checkout.yaml:5: window 5h / interval 1m is 300 looks; at most 240 are supported (the alpha spending's levels are computed at each call's start, too slowly beyond): lengthen interval to at least 1m15s")]
    [InlineData("window: 10h ", "interval: 1m ", "checkout.yaml:5: window 10h / interval 1m is 600 looks; at most 240 are supported (the alpha spending's levels are computed at each call's start, too slowly beyond): lengthen interval to at least 2m30s")]
    [InlineData("window: 8h ", "interval: 1m ", "checkout.yaml:5: window 8h / interval 1m is 480 looks; at most 240 are supported (the alpha spending's levels are computed at each call's start, too slowly beyond): lengthen interval to at least 2m")]
    public void Parse_MoreLooksThanMaxLooks_IsOneLineWithALongerInterval(string window, string interval, string expected)
    {
        var text = Example.Replace("window: 10m ", window, StringComparison.Ordinal).Replace("interval: 1m ", interval, StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "checkout.yaml"));

        error.Message.ShouldBe(expected);
    }
}
