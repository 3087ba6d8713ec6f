using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tollgate.Models.Alerts;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Alerts;

public sealed class AlertRulesTests(ITestOutputHelper output)
{
    [Fact]
    public void Write_Rules_PassPromtoolCheckRules()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rules.yaml");
        File.WriteAllText(path, AlertRules.Write(new AlertRulesRequest("fraud \"v2\"".Replace("\"", "", StringComparison.Ordinal)) { Kpi = "conversion_rate{service=\"checkout\"}" }));

        using var promtool = Process.Start(new ProcessStartInfo("promtool", ["check", "rules", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var said = promtool.StandardOutput.ReadToEnd() + promtool.StandardError.ReadToEnd();
        promtool.WaitForExit();

        promtool.ExitCode.ShouldBe(0, said);
        said.ShouldContain("SUCCESS: 3 rules found");
    }

    /// <summary>
    /// promtool's rule unit test: a feature whose exported PSI climbs 0.015 a day while staying below 0.25 (the drift
    /// report never flags it) raises <c>ModelPsiRising</c> once the rise has held a day; a flat one never does.
    /// </summary>
    [Fact]
    public void Write_HealthyButRisingPsi_PromtoolTestRulesFiresModelPsiRising()
    {
        using var dir = new TempDirectory();
        var rules = AlertRules.Write(new AlertRulesRequest("fraud"));
        File.WriteAllText(dir.File("rules.yaml"), rules);
        var rule = rules[rules.IndexOf("- alert: ModelPsiRising", StringComparison.Ordinal)..];
        string Annotation(string name) => rule.Split('\n').First(l => l.TrimStart().StartsWith(name + ": ", StringComparison.Ordinal)).Trim()[(name.Length + 2)..];
        File.WriteAllText(dir.File("test.yaml"), $$"""
            rule_files: [rules.yaml]
            evaluation_interval: 1h
            tests:
              - interval: 1d
                input_series:
                  - series: 'tollgate_model_drift_psi{model="fraud",feature="age",slice="(all)"}'
                    values: '0.02+0.015x14'
                  - series: 'tollgate_model_drift_psi{model="fraud",feature="income",slice="(all)"}'
                    values: '0.08+0x14'
                alert_rule_test:
                  - eval_time: 3d
                    alertname: ModelPsiRising
                    exp_alerts: []
                  - eval_time: 14d
                    alertname: ModelPsiRising
                    exp_alerts:
                      - exp_labels: { severity: ticket, model: fraud, rule: drift, feature: age, slice: "(all)" }
                        exp_annotations: { summary: {{Annotation("summary")}}, description: {{Annotation("description")}} }
            """);

        using var promtool = Process.Start(new ProcessStartInfo("promtool", ["test", "rules", dir.File("test.yaml")]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var said = promtool.StandardOutput.ReadToEnd() + promtool.StandardError.ReadToEnd();
        promtool.WaitForExit();

        promtool.ExitCode.ShouldBe(0, said);
        said.ShouldContain("SUCCESS");
    }

    [Fact]
    public void Write_NameThatWouldBreakTheSelector_IsAnInputError()
    {
        Should.Throw<Domain.InvalidInputException>(() => AlertRules.Write(new AlertRulesRequest("a\"} or vector(1) #")));
    }

    /// <summary>Daily KPI at 0.8 with 3% noise (σ 0.024), i.i.d. or AR(1) φ 0.5; after day 30, optionally a linear decline.</summary>
    internal static double[] Series(Random random, int days, double perDay, double phi)
    {
        var values = new double[days];
        var e = 0.0;
        for (var i = 0; i < days; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            e = phi * e + Math.Sqrt(1 - phi * phi) * z;
            values[i] = 0.8 + 0.024 * e + (i >= 30 ? perDay * (i - 29) : 0);
        }

        return values;
    }

    private static int Runs => SimulationRuns.PerCell(1000);

    [Fact]
    public void SlopeAlert_SpikeOfTwelveSigma_DoesNotFire()
    {
        var values = Enumerable.Repeat(0.8, 90).ToArray();
        values[60] = 0.5;
        SlopeAlert.FirstAlarm(values, 0.0025).ShouldBe(-1);
    }

    [Fact]
    public void Simulate_FalseAlarmsAndDelay_ForTheDocs()
    {
        var runs = Runs;
        var table = new StringBuilder("| noise | false alarm in 60 days, no trend | median delay, 0.5%/day decline (days) | p90 delay | detected within 30 days |\n|---|---|---|---|---|\n");
        foreach (var phi in new[] { 0.0, 0.5 })
        {
            var random = new Random(17 + (int)(phi * 10));
            var falseAlarms = Enumerable.Range(0, runs).Count(_ => SlopeAlert.FirstAlarm(Series(random, 90, 0, phi).AsSpan(30), 0.0025) >= 0) / (double)runs;
            var delays = Enumerable.Range(0, runs).Select(_ => SlopeAlert.FirstAlarm(Series(random, 90, -0.004, phi), 0.0025) is var t && t >= 30 ? t - 29 : t < 0 ? int.MaxValue : 0).Order().ToArray();
            var within = delays.Count(d => d <= 30) / (double)runs;
            table.Append(CultureInfo.InvariantCulture, $"| {(phi == 0 ? "i.i.d." : "AR(1) φ 0.5")} | {falseAlarms:0.000} | {delays[runs / 2]} | {delays[runs * 9 / 10]} | {within:0.000} |\n");
            if (phi == 0)
            {
                falseAlarms.ShouldBeLessThan(0.15);
                within.ShouldBeGreaterThan(0.9);
            }
        }

        output.WriteLine($"{runs} runs per row");
        output.WriteLine(table.ToString());
    }
}
