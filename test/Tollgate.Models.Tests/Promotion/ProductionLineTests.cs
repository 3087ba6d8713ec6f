using Tollgate.Domain.Registry;
using Tollgate.Models.Promotion;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// The version a rollback returns to: the one before the live version on the production line, where a version
/// entering production again returns the line to it. A second rollback never goes back to the version just left.
/// </summary>
public sealed class ProductionLineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    // Each step is one move at its own hour: "3" promotes 3 (retiring nothing, as a canary-free promotion's
    // stage events go), "<1" rolls back to 1 (the live version retired and 1 in production at the same instant).
    private static List<StageEvent> History(params string[] steps)
    {
        var events = new List<StageEvent>();
        for (var i = 0; i < steps.Length; i++)
        {
            var at = Start.AddHours(i);
            var step = steps[i];
            if (step.StartsWith('<'))
            {
                var live = ModelStages.LiveAt(events, at)!;
                events.Add(new StageEvent("fraud", live, ModelStages.Retired, at));
                events.Add(new StageEvent("fraud", step[1..], ModelStages.Production, at));
            }
            else
            {
                events.Add(new StageEvent("fraud", step, ModelStages.Production, at));
            }
        }

        return events;
    }

    [Theory]
    [InlineData("1", "1", null)]
    [InlineData("1 2", "2", "1")]
    [InlineData("1 2 3", "3", "2")]
    [InlineData("1 2 <1", "1", null)] // was 2: a second rollback went back to the version just rolled back from
    [InlineData("1 2 3 <2", "2", "1")] // was 3
    [InlineData("1 2 3 <2 <1", "1", null)]
    [InlineData("1 2 <1 <2", "2", "1")] // rollback --to 2: back on the line, after 1
    [InlineData("1 2 <1 <2 <1", "1", null)]
    [InlineData("1 2 <1 3", "3", "1")] // 2 left the line when it was rolled back from
    [InlineData("1 2 3 <1", "1", null)] // rollback --to 1 leaves 2 and 3
    [InlineData("1 2 3 <1 4", "4", "1")]
    public void At_PreviousIsTheOneBeforeTheLiveVersionOnTheLine(string steps, string live, string? previous)
    {
        var line = ProductionLine.At(History(steps.Split(' ')), Start.AddDays(1));

        line.Live.ShouldBe(live);
        line.Previous.ShouldBe(previous);
    }

    [Fact]
    public void At_ADrillsTwoMoves_LeaveTheLineAsItWas()
    {
        // A drill of 2: rolled back to 1, then forward to 2 again.
        var line = ProductionLine.At(History("1", "2", "<1", "<2"), Start.AddDays(1));

        line.ShouldBe(new ProductionLine("2", "1"));
    }

    [Fact]
    public void At_AnEarlierTime_ReadsTheLineAsItWasThen()
    {
        var events = History("1", "2", "3", "<2");

        ProductionLine.At(events, Start.AddHours(2.5)).ShouldBe(new ProductionLine("3", "2"));
        ProductionLine.At(events, Start.AddHours(3.5)).ShouldBe(new ProductionLine("2", "1"));
    }

    [Fact]
    public void NoPrevious_SaysWhetherAnyOtherVersionWasInProduction()
    {
        ProductionLine.NoPrevious(History("1"), "fraud", "1").ShouldBe("fraud@1 is the only version that was ever in production");
        ProductionLine.NoPrevious(History("1", "2", "<1"), "fraud", "1")
            .ShouldBe("fraud@1 is the first version on its production line (every version promoted after it was rolled back from)");
    }
}
