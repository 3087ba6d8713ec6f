using System.Globalization;
using System.Text;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Trends;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Trends;

/// <summary>
/// A KPI that steps down late in the series and stays down: Mann-Kendall over the whole series may not confirm a
/// monotone trend, but the step is a sustained loss, not "a spike or a shift that recovered". Daily points, level 0.8,
/// noise 0.024 (3%). TOLLGATE_SIMULATION_RUNS sets the simulation's runs per cell (default 200; the docs used 2,000).
/// </summary>
public sealed class TrendStepTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Verdict Judge(double[] values, out string reason)
    {
        using var dir = new TempDirectory();
        var report = Judged.Trend(new TrendRequest(TrendGateTests.Write(dir, values)));
        reason = report.Reason;
        return report.Verdict;
    }

    [Fact]
    public void Evidence_StepDownForTheLastTenDays_FailsAsAStepNotARecoveredShift()
    {
        // Before: pass, "a spike or a shift that recovered, not a trend", in 4 of 6 such series.
        var values = TrendGateTests.Kpi(2, 60, i => i >= 50 ? -0.2 : 0);

        Judge(values, out var reason).ShouldBe(Verdict.Fail, reason);
        reason.ShouldContain("sustained decrease since 2026-02-");
        reason.ShouldContain("that has not recovered");
    }

    [Fact]
    public void Evidence_StepDownThatCameBack_StillPasses()
    {
        var values = TrendGateTests.Kpi(2, 60, i => i is >= 40 and < 46 ? -0.2 : 0);

        Judge(values, out var reason).ShouldBe(Verdict.Pass, reason);
    }

    /// <summary>Steps of 4σ and 8σ held for the last 5, 10 and 15 days are alerted; flat series (white and AR(1) 0.5 noise) and a 6-day dip that came back rarely are.</summary>
    [Fact]
    public void Simulation_StepsAndFlatSeries_AlertsOnStepsRarelyOnNoise()
    {
        var runs = SimulationRuns.PerCell(200);
        var table = new StringBuilder("| series (60 days, noise 3%) | alerted (before: trend only) | alerted now |\n|---|---|---|\n");
        double Rate(int seed, Func<int, double> shape, double phi, bool stepsToo)
        {
            var alerted = 0;
            for (var run = 0; run < runs; run++)
            {
                var values = TrendGateTests.Kpi((seed * 100_000) + run, 60, shape, phi);
                var series = new Series("s.csv", [.. values.Select((_, i) => Start.AddDays(i))], values);
                var findings = TrendGate.Evidence(new TrendRequest("s.csv"), series, "d").Findings;
                var finding = findings.Count > 0 ? findings[0] : null;
                alerted += finding is not null && (stepsToo || !finding.Evidence.ContainsKey("shape")) ? 1 : 0;
            }

            return alerted / (double)runs;
        }

        var cells = new List<(string Name, Func<int, double> Shape, double Phi, double? Least, double? Most)>
        {
            ("flat, white noise", _ => 0, 0, null, 0.05),
            ("flat, AR(1) 0.5 noise", _ => 0, 0.5, null, 0.10),
            ("8σ dip on days 40–45, back after", i => i is >= 40 and < 46 ? -0.2 : 0, 0, null, 0.10),
        };
        foreach (var days in new[] { 5, 10, 15 })
        {
            foreach (var (size, least) in new[] { (0.1, 0.0), (0.2, 0.8) })
            {
                cells.Add(($"step of {size / 0.024:0}σ ({size / 0.8:0.#%}) for the last {days} days", i => i >= 60 - days ? -size : 0, 0, least, null));
            }
        }

        var seed = 1;
        var checks = new List<Action>();
        foreach (var (name, shape, phi, least, most) in cells)
        {
            var before = Rate(seed, shape, phi, stepsToo: false);
            var now = Rate(seed++, shape, phi, stepsToo: true);
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {before:0.000} | {now:0.000} |\n");
            checks.Add(() =>
            {
                now.ShouldBeGreaterThanOrEqualTo(least ?? 0, name);
                now.ShouldBeLessThanOrEqualTo(most is { } m ? SimulationRuns.Bound(runs, m) : 1, name);
            });
        }

        output.WriteLine(table.ToString());
        checks.ForEach(check => check());
    }
}
