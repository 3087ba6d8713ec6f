using System.Globalization;
using System.Text;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Statistics.Trend;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Trends;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Trends;

/// <summary>
/// <c>tollgate model trend</c> on the long series Prometheus and exports give: 60 days hourly (1,440 points) and a week
/// of minutes (10,080), trendless or declining from half-way, in i.i.d. and AR(1) noise (level 0.8, noise sd 0.024).
/// Both sides of the decision (docs/models.md's second table), beside Mann-Kendall with pyMannKendall's Yue-Wang lag-1
/// correction at the same α on the same series (the correction mlops.md §2.2 recommends), and how close the reported
/// onset and slope are to the truth. A chart's in-control alarms (one per 369–931 points) once set the onset at the
/// series' start and halved the slope; lag 1 alone found a trend in 15% of trendless AR(1) φ 0.9 minute series.
/// </summary>
public sealed class LongTrendSimulationTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Row(string Series, int Days, int PerDay, double Phi, double Decline, int Runs);

    private static readonly Row[] Rows =
    [
        .. from series in new[] { ("60 days hourly", 60, 24, new[] { 0, 0.0005, 0.001 }), ("7 days of minutes", 7, 1440, new[] { 0, 0.005, 0.01 }) }
           from phi in new[] { 0.0, series.Item3 == 24 ? 0.5 : 0.9 }
           from decline in series.Item4
           select new Row(series.Item1, series.Item2, series.Item3, phi, decline, series.Item3 == 24 ? 500 : 300),
    ];

    [Fact]
    public void Simulation_LongSeries_FalseAlarmsNearAlphaAndTheOnsetAndSlopeWhereTheDeclineIs()
    {
        var table = new StringBuilder("| series | noise | trend | runs | fires | the gate's MK alone | MK Yue-Wang lag 1 alone, α 0.01 | median onset error (days) | median slope / true |\n|---|---|---|---|---|---|---|---|---|\n");
        var results = Rows.ToDictionary(row => row, Measure);
        foreach (var (row, (fires, gateMk, anchor, onsetError, slopeRatio)) in results)
        {
            table.Append(CultureInfo.InvariantCulture,
                $"| {row.Series} | {(row.Phi == 0 ? "i.i.d." : $"AR(1) φ {row.Phi}")} | {(row.Decline == 0 ? "none" : $"−{100 * row.Decline:0.##}%/day from half-way")} | {row.Runs} | {fires:0.000} | {gateMk:0.000} | {anchor:0.000} | {(row.Decline == 0 ? "–" : onsetError.ToString("0.00", CultureInfo.InvariantCulture))} | {(row.Decline == 0 ? "–" : slopeRatio.ToString("0.00", CultureInfo.InvariantCulture))} |\n");
        }

        output.WriteLine(table.ToString());
        foreach (var (row, (fires, gateMk, anchor, onsetError, slopeRatio)) in results)
        {
            // The chart's agreement is what keeps a spike from alarming; on a sustained decline it costs little
            // beside the gate's own Mann-Kendall (its autocorrelation correction) alone.
            fires.ShouldBeGreaterThan(gateMk - 0.05, $"power beside the gate's Mann-Kendall alone, {row}");

            if (row.Decline == 0)
            {
                fires.ShouldBeLessThan(0.03, $"false alarms, {row}");
                continue;
            }

            // On i.i.d. noise, where lag 1 alone holds α too, the chart's agreement costs no power: charted point by
            // point it did (0.924 against 0.994 at the smaller hourly decline).
            if (row.Phi == 0)
            {
                fires.ShouldBeGreaterThan(anchor - 0.02, $"power beside Mann-Kendall alone, {row}");
            }

            if (row.Decline == Rows.Where(r => r.Series == row.Series).Max(r => r.Decline))
            {
                fires.ShouldBeGreaterThan(0.95, $"power, {row}");
                Math.Abs(onsetError).ShouldBeLessThan(1, $"the onset within a day of the truth, {row}");
                slopeRatio.ShouldBeInRange(0.9, 1.1, $"the slope of the decline, not of the whole series, {row}");
            }
        }
    }

    private static (double Fires, double GateMk, double Anchor, double OnsetError, double SlopeRatio) Measure(Row row)
    {
        var n = row.Days * row.PerDay;
        var half = n / 2;
        var truth = -0.8 * row.Decline;
        var times = Enumerable.Range(0, n).Select(i => Start.AddDays((double)i / row.PerDay)).ToArray();
        int fired = 0, gateMk = 0, anchor = 0;
        var onsetErrors = new List<double>();
        var slopeRatios = new List<double>();
        for (var run = 0; run < row.Runs; run++)
        {
            var seed = (1_000_000 * Array.IndexOf(Rows, row)) + run;
            var values = TrendGateTests.Kpi(seed, n, i => i >= half ? truth * (i - half) / row.PerDay : 0, row.Phi);
            var mk = MannKendall.YueWang(values);
            anchor += mk.PValue < 0.01 && mk.S < 0 ? 1 : 0;
            var evidence = TrendGate.Evidence(new TrendRequest("kpi.csv"), new Series("kpi.csv", times, values), "sha256:0");
            var report = GatePipeline.Judge(evidence, Domain.Policies.Policy.Default, [], Judged.Clock);
            var mkFigure = evidence.Figures.Single().Values.ToDictionary();
            gateMk += mkFigure["mannKendallP"] < 0.01 && mkFigure["mannKendallZ"] < 0 ? 1 : 0;
            if (report.Verdict != Verdict.Fail)
            {
                continue;
            }

            fired++;
            var finding = report.Findings[0];
            var onset = DateTimeOffset.Parse((string)finding.Evidence!["onset"]!, CultureInfo.InvariantCulture);
            onsetErrors.Add((onset - times[half]).TotalDays);
            slopeRatios.Add((double)finding.Evidence["slopePerDay"]! / truth);
        }

        return ((double)fired / row.Runs, (double)gateMk / row.Runs, (double)anchor / row.Runs, Median(onsetErrors), Median(slopeRatios));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[values.Count / 2];
    }
}
