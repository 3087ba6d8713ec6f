using System.Globalization;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests.Trends;

public sealed class TrendGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static string Write(TempDirectory dir, double[] values)
    {
        var path = dir.File("series.csv");
        File.WriteAllLines(path, values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{Start.AddDays(i):yyyy-MM-dd},{v}")).Prepend("time,value"));
        return path;
    }

    internal static double[] Kpi(int seed, int days, Func<int, double> shape, double phi = 0)
    {
        var rng = new Random(seed);
        var noise = 0.0;
        return Enumerable.Range(0, days).Select(i =>
        {
            noise = phi * noise + Math.Sqrt(1 - phi * phi) * 0.024 * FeatureTables.Gaussian(rng);
            return 0.8 + shape(i) + noise;
        }).ToArray();
    }

    [Fact]
    public void Run_HalfAPercentPerDayDecline_FailsWithSlopeAndOnset()
    {
        using var dir = new TempDirectory();
        var report = Judged.Trend(new TrendRequest(Write(dir, Kpi(5, 60, i => i < 30 ? 0 : -0.004 * (i - 29)))));
        report.Verdict.ShouldBe(Verdict.Fail);
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("trend");
        ((double)finding.Evidence["slopePerDay"]!).ShouldBeInRange(-0.006, -0.002);
        var onset = DateTimeOffset.Parse((string)finding.Evidence["onset"]!, CultureInfo.InvariantCulture);
        (onset - Start).TotalDays.ShouldBeInRange(25, 45);
    }

    [Fact]
    public void Evidence_DigestBindsTheSeriesAndEveryOptionThatJudgesIt()
    {
        using var dir = new TempDirectory();
        var series = Write(dir, Kpi(5, 60, i => i < 30 ? 0 : -0.004 * (i - 29)));
        string Digest(TrendRequest request) => TrendGate.Evidence(request).Digest;
        var plain = Digest(new TrendRequest(series));

        Digest(new TrendRequest(series)).ShouldBe(plain);
        new[]
        {
            Digest(new TrendRequest(series) { Direction = "increase" }),
            Digest(new TrendRequest(series) { Alpha = 0.05 }),
            Digest(new TrendRequest(series) { Baseline = 10 }),
            Digest(new TrendRequest(series) { MinPoints = 20 }),
            Digest(new TrendRequest(series) { MinDailyChange = 0.001 }),
            plain,
        }.Distinct().Count().ShouldBe(6, "an approval of one judgement covers no other");
    }

    [Fact]
    public void Run_SingleDeepSpike_DoesNotAlert()
    {
        using var dir = new TempDirectory();
        var values = Kpi(6, 60, _ => 0);
        values[50] -= 0.3; // 12.5σ on one day
        var report = Judged.Trend(new TrendRequest(Write(dir, values)));
        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
    }

    [Fact]
    public void Run_OutageDayInTheBaselineThenADecline_StillAlertsAndNamesTheDaySetAside()
    {
        using var dir = new TempDirectory();
        var values = Kpi(7, 60, i => i >= 40 ? -0.004 * (i - 39) : 0);
        values[20] = 0.4; // the KPI at half its level for a day: before, its weight in the baseline's noise hid the decline

        var report = Judged.Trend(new TrendRequest(Write(dir, values)));

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        report.Facts.Single(f => f.Key == "baseline").Value.ShouldContain("1 outlier set aside (2026-01-21T00:00:00Z at 0.4)");
        DateTimeOffset.Parse((string)report.Findings[0].Evidence!["alarm"]!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(Start.AddDays(40));
    }

    [Fact]
    public void Run_AutocorrelatedNoiseWithoutTrend_RarelyAlerts()
    {
        using var dir = new TempDirectory();
        var alarms = Enumerable.Range(100, 40).Count(seed => Judged.Trend(new TrendRequest(Write(dir, Kpi(seed, 60, _ => 0, phi: 0.5)))).Verdict == Verdict.Fail);
        alarms.ShouldBeLessThanOrEqualTo(4); // mlops.md §2.6: CUSUM alone false-alarms in ~50% of such 60-day periods
    }

    [Fact]
    public void Run_IncreaseDirection_AlertsOnARisingLoss()
    {
        using var dir = new TempDirectory();
        var report = Judged.Trend(new TrendRequest(Write(dir, Kpi(7, 60, i => i < 30 ? 0 : 0.005 * (i - 29)))) { Direction = "increase" });
        report.Verdict.ShouldBe(Verdict.Fail);
        Judged.Trend(new TrendRequest(Write(dir, Kpi(7, 60, i => i < 30 ? 0 : 0.005 * (i - 29))))).Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Run_TooFewPoints_Holds()
    {
        using var dir = new TempDirectory();
        Judged.Trend(new TrendRequest(Write(dir, [0.8, 0.79, 0.78]))).Verdict.ShouldBe(Verdict.Hold);
    }

    [Theory]
    [InlineData(59, "60 points; a baseline of 59 leaves 1 point after it, and at least 2 are needed to judge a trend")]
    [InlineData(1000, "60 points; a baseline of 1000 leaves 0 points after it, and at least 2 are needed to judge a trend")]
    public void Run_BaselineLeavingTooLittleAfterIt_HoldsRatherThanJudgeAnotherBaseline(int baseline, string reason)
    {
        // The decline starts at day 40: judged on a baseline lowered to 58 points it would pass or fail on a level the
        // user did not ask for.
        using var dir = new TempDirectory();
        var series = Write(dir, Kpi(5, 60, i => i < 40 ? 0 : -0.004 * (i - 39)));
        var report = Judged.Trend(new TrendRequest(series) { Baseline = baseline });
        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldBe(reason);
        Judged.Trend(new TrendRequest(series) { Baseline = 58 }).Verdict.ShouldNotBe(Verdict.Hold, "58 leaves the 2 points a trend needs");
    }

    [Fact]
    public void Run_QuotedFieldsAndMissingValues_ReadAsCsvAndTheMissingSaid()
    {
        // Quoted fields were "is not time,value"; an empty value exit 3 while NaN was dropped unsaid.
        using var dir = new TempDirectory();
        var values = Kpi(3, 40, _ => 0);
        var path = dir.File("quoted.csv");
        File.WriteAllLines(path, values.Select((v, i) => i switch
        {
            5 => $"\"{Start.AddDays(i):yyyy-MM-dd}\",",
            6 => $"{Start.AddDays(i):yyyy-MM-dd},NaN",
            7 => $"{Start.AddDays(i):yyyy-MM-dd},NA",
            _ => string.Create(CultureInfo.InvariantCulture, $"\"{Start.AddDays(i):yyyy-MM-dd}\",\"{v}\""),
        }).Prepend("\"time\",\"value\""));

        var report = Judged.Trend(new TrendRequest(path));
        var plainPath = dir.File("plain.csv");
        File.WriteAllLines(plainPath, values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{Start.AddDays(i):yyyy-MM-dd},{v}")).Where((_, i) => i is < 5 or > 7));
        var plain = Judged.Trend(new TrendRequest(plainPath));

        report.Verdict.ShouldBe(plain.Verdict, report.Reason);
        report.Summary.ShouldContain(new KeyValuePair<string, long>("points", 37));
        report.Notes.ShouldBe(["3 rows without a value (empty or a missing marker: NA, NaN, nan, null, NULL, N/A, n/a, -) left out of the series"]);
        report.Facts.Where(f => f.Key != "series").ShouldBe(plain.Facts.Where(f => f.Key != "series"));
    }

    [Theory]
    [InlineData("Infinity", "value 'Infinity' is not a finite number")]
    [InlineData("Inf", "value 'Inf' is not a finite number")] // was "is not a number (time,value)": inf is a number, not a finite one
    [InlineData("-inf", "value '-inf' is not a finite number")]
    public void Run_InfiniteValue_IsInvalidInputEvenOnTheFirstLine(string value, string message)
    {
        // "2026-01-01,Inf" alone was taken for a header: hold on 0 points.
        using var dir = new TempDirectory();
        var path = dir.File("inf.csv");
        File.WriteAllLines(path, [$"2026-01-01,{value}"]);

        Should.Throw<Domain.InvalidInputException>(() => TrendGate.Evidence(new TrendRequest(path))).Message.ShouldBe($"{path}:1: {message}");
    }

    [Fact]
    public void Run_BadRow_IsInvalidInput()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        File.WriteAllLines(path, ["time,value", "2026-01-01,0.8", "yesterday,0.7"]);
        Should.Throw<Domain.InvalidInputException>(() => TrendGate.Evidence(new TrendRequest(path)));
    }

    [Theory]
    [InlineData("1e30")]
    [InlineData("-5")]
    public void Run_UnixSecondsOutOfRange_IsInvalidInputNamingTheLine(string time)
    {
        using var dir = new TempDirectory();
        var path = dir.File("far.csv");
        File.WriteAllLines(path, ["time,value", "1767225600,0.8", $"{time},0.7"]);

        var error = Should.Throw<Domain.InvalidInputException>(() => Judged.Trend(new TrendRequest(path)));

        error.Message.ShouldBe($"{path}:3: time {time} is out of range: Unix seconds from 0 to 253402300799 (year 9999)");
    }

    [Fact]
    public void Run_TwoValuesForOneTime_IsInvalidInputNamingBothLines()
    {
        using var dir = new TempDirectory();
        var path = dir.File("twice.csv");
        File.WriteAllLines(path, ["time,value", "2026-01-02,0.8", "2026-01-01,0.7", "2026-01-02T00:00:00Z,0.9"]);

        var error = Should.Throw<Domain.InvalidInputException>(() => Judged.Trend(new TrendRequest(path)));

        error.Message.ShouldBe($"{path}:4: time 2026-01-02T00:00:00Z already has a value on line 2: one value per time");
    }

    [Theory]
    [InlineData("age,income,region,plan\n45.9,60.46,eu,basic\n35.0,37.94,eu,basic\n", 1, "4 columns (age, income, region, plan)")]
    [InlineData("1767225600,0.8,checkout\n1767312000,0.7,checkout\n", 1, "3 columns (1767225600, 0.8, checkout)")]
    [InlineData("time,value\n2026-01-01,0.8\n2026-01-02,0.7,0.1,0.2,0.3\n", 3, "5 columns (2026-01-02, 0.7, 0.1, 0.2, …)")]
    public void Run_MoreThanTwoColumns_IsAnInputErrorNotAgesReadAsTimes(string content, int line, string columns)
    {
        using var dir = new TempDirectory();
        var path = dir.File("features.csv");
        File.WriteAllText(path, content);

        var error = Should.Throw<Domain.InvalidInputException>(() => Judged.Trend(new TrendRequest(path)));

        error.Message.ShouldBe($"{path}:{line}: {columns}, expected 2: time,value");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n# no points yet\n")]
    public void Run_EmptyFile_IsAnInputErrorNotAHold(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.csv");
        File.WriteAllText(path, content);

        var error = Should.Throw<Domain.InvalidInputException>(() => Judged.Trend(new TrendRequest(path)));

        error.Message.ShouldBe($"{path}: empty file, expected time,value rows (a header row is optional)");
    }

    [Fact]
    public void Run_HeaderWithoutRows_HoldsForTooLittleData()
    {
        using var dir = new TempDirectory();

        var report = Judged.Trend(new TrendRequest(Write(dir, [])));

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("0 points");
    }
}
