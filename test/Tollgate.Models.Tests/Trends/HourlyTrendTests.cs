using System.Globalization;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests.Trends;

/// <summary>
/// A long series (60 days of hours) is charted as block means, a day each: the baseline, what it sets aside and the
/// alarm's time are said in the series' own points.
/// </summary>
public sealed class HourlyTrendTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Report Judge(double[] values, int? baseline = null)
    {
        var times = Enumerable.Range(0, values.Length).Select(i => Start.AddHours(i)).ToArray();
        var evidence = TrendGate.Evidence(new TrendRequest("kpi.csv") { Baseline = baseline }, new Series("kpi.csv", times, values), "sha256:0");
        return GatePipeline.Judge(evidence, Domain.Policies.Policy.Default, [], Judged.Clock);
    }

    private static string Baseline(Report report) => report.Facts.Single(f => f.Key == "baseline").Value;

    [Fact]
    public void Evidence_SlowHourlyDecline_ChartsDailyMeansAndAlarmsAtADaysEnd()
    {
        // −0.1%/day from day 30: at most 0.6 of one hour's noise by the end, a block's 2.9.
        var values = TrendGateTests.Kpi(11, 1440, i => i >= 720 ? -0.0008 * (i - 720) / 24.0 : 0);

        var report = Judge(values);

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        Baseline(report).ShouldStartWith("720 points as 30 block means of up to 24 points (the series charted as 60), level 0.8");
        var evidence = report.Findings[0].Evidence!;
        var alarm = DateTimeOffset.Parse((string)evidence["alarm"]!, CultureInfo.InvariantCulture);
        alarm.Hour.ShouldBe(23, "a block's mean is known at its last hour");
        var onset = DateTimeOffset.Parse((string)evidence["onset"]!, CultureInfo.InvariantCulture);
        (onset - Start.AddDays(30)).TotalDays.ShouldBeInRange(-3, 3);
        ((double)evidence["slopePerDay"]! / -0.0008).ShouldBeInRange(0.8, 1.2);
    }

    [Fact]
    public void Evidence_BadHourAndBadDayInTheBaseline_SetAsideAndNamed()
    {
        var values = TrendGateTests.Kpi(12, 1440, _ => 0);
        values[100] = 0.4; // one hour at half the level
        for (var i = 5 * 24; i < 6 * 24; i++)
        {
            values[i] -= 0.024; // a day one hour's noise down: no hour an outlier, its mean 4.9 of a day's noise
        }

        var report = Judge(values);

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        Baseline(report).ShouldContain("1 outlier set aside (2026-01-05T04:00:00Z at 0.4)");
        var day = values[(5 * 24)..(6 * 24)].Average().ToString("0.####", CultureInfo.InvariantCulture);
        Baseline(report).ShouldContain($"1 block set aside (from 2026-01-06T00:00:00Z at {day})", Case.Sensitive, "the day's own mean, not the level it is charted at");
    }

    [Theory]
    [InlineData(30, "72 points as 3 block means")] // rounded up to whole blocks, at least 3
    [InlineData(100, "120 points as 5 block means")]
    public void Evidence_BaselineAskedInPoints_RoundedUpToWholeBlocks(int asked, string said)
    {
        Baseline(Judge(TrendGateTests.Kpi(13, 1440, _ => 0), asked)).ShouldStartWith(said);
    }

    [Fact]
    public void Evidence_BaselineLeavingFewerThanTwoBlocks_Holds()
    {
        var report = Judge(TrendGateTests.Kpi(14, 1440, _ => 0), 1400);

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldBe("1440 points, charted as 60 block means of up to 24; a baseline of 1400 points in whole blocks leaves 1 block after it, and at least 2 are needed to judge a trend");
    }
}
