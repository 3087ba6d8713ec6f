using Tollgate.Domain.Statistics.Trend;

namespace Tollgate.Domain.Tests.Statistics.Trend;

public sealed class ChartBlocksTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(120)]
    public void For_SeriesOfAtMostTwiceTheTarget_ChartsEveryPoint(int n)
    {
        var blocks = ChartBlocks.For(n);
        blocks.Averaged.ShouldBeFalse();
        blocks.Count.ShouldBe(n);
        blocks.Size.ShouldBe(1);
        Enumerable.Range(0, n).All(i => blocks.Start(i) == i && blocks.Of(i) == i).ShouldBeTrue();
        var alarm = new ControlChartAlarm(7, 3);
        blocks.ToPoints(alarm).ShouldBe(alarm);
    }

    [Theory]
    [InlineData(121, 41, 3)]
    [InlineData(1440, 60, 24)] // 60 days of hours: a block a day
    [InlineData(10_080, 60, 168)] // a week of minutes
    [InlineData(1441, 58, 25)]
    [InlineData(525_600, 60, 8760)]
    public void For_LongSeries_AboutSixtyBlocksThatCoverEveryPointOnceAndDifferByAtMostOne(int n, int count, int size)
    {
        var blocks = ChartBlocks.For(n);

        blocks.Averaged.ShouldBeTrue();
        blocks.Count.ShouldBe(count);
        blocks.Size.ShouldBe(size);
        blocks.Start(0).ShouldBe(0);
        blocks.Start(blocks.Count).ShouldBe(n);
        var sizes = Enumerable.Range(0, blocks.Count).Select(b => blocks.Start(b + 1) - blocks.Start(b)).ToArray();
        (sizes.Max() - sizes.Min()).ShouldBeLessThanOrEqualTo(1);
        sizes.Max().ShouldBe(size);
        for (var i = 0; i < n; i++)
        {
            var b = blocks.Of(i);
            i.ShouldBeInRange(blocks.Start(b), blocks.Start(b + 1) - 1, $"point {i} in block {b}");
        }
    }

    [Fact]
    public void Means_EachBlocksPointsAveraged()
    {
        var x = Enumerable.Range(0, 1441).Select(i => (double)i).ToArray();
        var blocks = ChartBlocks.For(x.Length);

        var means = blocks.Means(x);

        means.Length.ShouldBe(blocks.Count);
        for (var b = 0; b < blocks.Count; b++)
        {
            means[b].ShouldBe(x[blocks.Start(b)..blocks.Start(b + 1)].Average(), 1e-9);
        }
    }

    [Fact]
    public void ToPoints_AlarmAtItsBlocksLastPointAndChangeAtItsFirst()
    {
        var blocks = ChartBlocks.For(1440);

        blocks.ToPoints(new ControlChartAlarm(40, 35)).ShouldBe(new ControlChartAlarm(41 * 24 - 1, 35 * 24));
        blocks.ToPoints(ControlChartAlarm.None).ShouldBe(ControlChartAlarm.None);
    }
}
