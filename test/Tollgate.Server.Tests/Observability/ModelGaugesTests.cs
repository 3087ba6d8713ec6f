using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Cli;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Ledger;
using Tollgate.Ledger.Verdicts;
using Tollgate.Models.Drift;
using Tollgate.Models.Trends;
using Tollgate.Server.Observability;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Observability;

/// <summary><c>/metrics</c> exports the models' latest drift, skew and trend figures recorded in the ledger.</summary>
public sealed class ModelGaugesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A table of <paramref name="rows"/> rows: income shifted by <paramref name="shift"/> σ in region eu, age unchanged.</summary>
    private static string Table(string directory, string name, int seed, int rows, double shift)
    {
        var random = new Random(seed);
        var text = new StringBuilder("age,income,region\n");
        for (var i = 0; i < rows; i++)
        {
            var eu = i % 2 == 0;
            text.Append(CultureInfo.InvariantCulture, $"{40 + 8 * Gaussian(random):0.00},{50 + 10 * Gaussian(random) + (eu ? 10 * shift : 0):0.000},{(eu ? "eu" : "us")}\n");
        }

        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static async Task RecordAsync(string ledgerPath, Func<GateContext, Task> work)
    {
        await using var ledger = await LedgerLocation.OpenAsync(ledgerPath, Path.GetDirectoryName(ledgerPath)!, TimeProvider.System);
        await work(new GateContext(TimeProvider.System, ledger, Policy.Default, Path.GetDirectoryName(ledgerPath)!));
    }

    [Fact]
    public async Task Metrics_AfterRecordedDriftAndTrendReports_ShowsTheirGauges()
    {
        var ledgerPath = Ledgers.TempSqlite();
        var directory = Path.GetDirectoryName(ledgerPath)!;
        var reference = Table(directory, "reference.csv", 1, 4000, 0);
        var current = Table(directory, "current.csv", 2, 4000, 1);
        var random = new Random(3);
        var series = Path.Combine(directory, "conversion.csv");
        File.WriteAllLines(series, Enumerable.Range(0, 60).Select(d =>
            string.Create(CultureInfo.InvariantCulture, $"{At.AddDays(d - 60):yyyy-MM-dd},{0.8 + 0.01 * Gaussian(random) - (d < 30 ? 0 : 0.004 * (d - 29))}")));
        var flat = Path.Combine(directory, "latency.csv");
        File.WriteAllLines(flat, Enumerable.Range(0, 60).Select(d =>
            string.Create(CultureInfo.InvariantCulture, $"{At.AddDays(d - 60):yyyy-MM-dd},{0.2 + 0.01 * Gaussian(random)}")));
        await RecordAsync(ledgerPath, async context =>
        {
            var drift = await DriftGate.EvidenceAsync(new DriftRequest([reference], current) { SliceBy = ["region"] });
            await GatePipeline.RunAsync(drift with { Subject = "churn" }, context);
            await TrendGate.RunAsync(new TrendRequest(series) { Model = "churn", Name = "conversion" }, context);
            await TrendGate.RunAsync(new TrendRequest(flat) { Model = "churn", Name = "latency" }, context);
        });
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledgerPath);

        var metrics = await server.Http.GetStringAsync("/metrics");

        metrics.ShouldContain("# TYPE tollgate_model_drift_psi gauge");
        var psi = Value(metrics, "tollgate_model_drift_psi{model=\"churn\",feature=\"income\",slice=\"region=eu\"}");
        psi.ShouldBeGreaterThan(0.25);
        Value(metrics, "tollgate_model_drift_ks{model=\"churn\",feature=\"income\",slice=\"region=eu\"}").ShouldBeInRange(0.3, 0.5);
        // The healthy windows are exported too: a dashboard sees them before they drift.
        Value(metrics, "tollgate_model_drift_psi{model=\"churn\",feature=\"income\",slice=\"region=us\"}").ShouldBeLessThan(0.1);
        Value(metrics, "tollgate_model_drift_ks{model=\"churn\",feature=\"age\",slice=\"region=eu\"}").ShouldBeLessThan(0.1);
        Value(metrics, "tollgate_model_findings{model=\"churn\",kind=\"drift\"}").ShouldBeGreaterThanOrEqualTo(1);
        Value(metrics, "tollgate_model_figures_omitted{model=\"churn\",kind=\"drift\"}").ShouldBe(0);
        Value(metrics, "tollgate_model_trend_slope_per_day{model=\"churn\",series=\"conversion\"}").ShouldBeInRange(-0.006, -0.002);
        Value(metrics, "tollgate_model_findings{model=\"churn\",kind=\"trend\",series=\"conversion\"}").ShouldBe(1);
        Value(metrics, "tollgate_model_trend_slope_per_day{model=\"churn\",series=\"latency\"}").ShouldBeInRange(-0.001, 0.001); // flat: no alarm, still a slope
        Value(metrics, "tollgate_model_findings{model=\"churn\",kind=\"trend\",series=\"latency\"}").ShouldBe(0);
        Value(metrics, "tollgate_model_gauges_up").ShouldBe(1);
        metrics.ShouldContain("tollgate_verdicts_total"); // the server's own metrics are still there
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Metrics_TrendsThatOnlyHeld_SplitAtAModelTheLedgerKnowsOnly(bool postgres)
    {
        // Which names are models is one query over all of them: churn has a version, fraud only a stage event (as an import records one).
        var directory = Path.GetDirectoryName(Ledgers.TempSqlite())!;
        var ledgerPath = postgres ? await Ledgers.TempPostgresAsync() : Path.Combine(directory, "ledger.db");
        var two = Path.Combine(directory, "kpi#2.csv");
        var staged = Path.Combine(directory, "fraud#x.csv");
        File.WriteAllLines(two, ["2026-11-01,0.8", "2026-11-02,0.81"]); // two points: every report holds
        File.Copy(two, staged);
        await using (var ledger = await LedgerLocation.OpenAsync(ledgerPath, directory, TimeProvider.System))
        {
            var context = new GateContext(TimeProvider.System, ledger, Policy.Default, directory);
            var registry = Tollgate.Ledger.Registry.ModelRegistry.Of(context.Ledger);
            await registry.RegisterAsync(new Tollgate.Domain.Registry.ModelVersion("churn", "1", "sha256:a", At));
            await registry.RecordStagesAsync([new Tollgate.Domain.Registry.StageEvent("fraud", "1", Tollgate.Domain.Registry.ModelStages.Production, At)]);
            (await TrendGate.RunAsync(new TrendRequest(two) { Shown = "kpi#2.csv" }, context)).Verdict.ShouldBe(Tollgate.Domain.Verdicts.Verdict.Hold);
            (await TrendGate.RunAsync(new TrendRequest(staged) { Shown = "fraud#x.csv" }, context)).Verdict.ShouldBe(Tollgate.Domain.Verdicts.Verdict.Hold);
            (await TrendGate.RunAsync(new TrendRequest(two) { Model = "churn", Name = "conversion" }, context)).Verdict.ShouldBe(Tollgate.Domain.Verdicts.Verdict.Hold);
        }

        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledgerPath);

        var metrics = await server.Http.GetStringAsync("/metrics");

        Value(metrics, "tollgate_model_report_verdict{model=\"\",kind=\"trend\",series=\"kpi#2.csv\",verdict=\"hold\"}").ShouldBe(1);
        Value(metrics, "tollgate_model_report_verdict{model=\"fraud\",kind=\"trend\",series=\"x.csv\",verdict=\"hold\"}").ShouldBe(1);
        Value(metrics, "tollgate_model_report_verdict{model=\"churn\",kind=\"trend\",series=\"conversion\",verdict=\"hold\"}").ShouldBe(1);
        Value(metrics, "tollgate_model_gauges_up").ShouldBe(1);
    }

    [Fact]
    public async Task Metrics_AfterCliDriftReportWithOneOfThreeFeaturesDrifted_ExportsAllThreeWithTheReportsFigures()
    {
        var ledgerPath = Ledgers.TempSqlite();
        var directory = Path.GetDirectoryName(ledgerPath)!;
        var reference = Table(directory, "reference.csv", 11, 3000, 0);
        var current = Table(directory, "current.csv", 12, 3000, 1);
        // drift --model records only under a registered name.
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        (await TollgateCli.RunAsync(["model", "register", "churn", "--version", "1", "--artifact", "model.bin", "--dataset", reference, "--ledger", ledgerPath],
            new CliHost(new StringWriter(), new StringWriter(), TimeProvider.System, directory))).ShouldBe(0);
        var output = new StringWriter();
        var code = await TollgateCli.RunAsync(
            ["model", "drift", "--reference", reference, "--current", current, "--model", "churn", "--format", "json", "--ledger", ledgerPath],
            new CliHost(output, new StringWriter(), TimeProvider.System, directory));
        code.ShouldBe(1, output.ToString());
        using var report = JsonDocument.Parse(output.ToString());
        var figures = report.RootElement.GetProperty("figures").EnumerateArray().ToList();
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledgerPath);

        var metrics = await server.Http.GetStringAsync("/metrics");

        figures.Select(f => f.GetProperty("address").GetString()).Order(StringComparer.Ordinal).ShouldBe(["age", "income", "region"]);
        figures.Where(f => f.GetProperty("flagged").GetBoolean()).Select(f => f.GetProperty("address").GetString()).ShouldBe(["income"]);
        report.RootElement.GetProperty("findings").GetArrayLength().ShouldBe(1);
        foreach (var figure in figures)
        {
            var where = $"{{model=\"churn\",feature=\"{figure.GetProperty("address").GetString()}\",slice=\"{figure.GetProperty("slice").GetString()}\"}}";
            Value(metrics, "tollgate_model_drift_psi" + where).ShouldBe(figure.GetProperty("psi").GetDouble());
            Value(metrics, "tollgate_model_drift_effect" + where).ShouldBe(figure.GetProperty("effectSize").GetDouble());
            if (figure.TryGetProperty("ks", out var ks))
            {
                Value(metrics, "tollgate_model_drift_ks" + where).ShouldBe(ks.GetDouble());
            }
            else
            {
                metrics.ShouldNotContain("tollgate_model_drift_ks" + where);
            }
        }

        metrics.Split('\n').Count(l => l.StartsWith("tollgate_model_drift_psi{", StringComparison.Ordinal)).ShouldBe(3);
        Value(metrics, "tollgate_model_findings{model=\"churn\",kind=\"drift\"}").ShouldBe(1);
        // Every gauge `model alert-rules churn` watches (all but the KPI, which is the user's series) is one served here.
        var watched = System.Text.RegularExpressions.Regex.Matches(Models.Alerts.AlertRules.Write(new Models.Alerts.AlertRulesRequest("churn")), "tollgate_model_[a-z_]+")
            .Select(m => m.Value).Where(m => m != "tollgate_model_kpi").Distinct().ToList();
        watched.ShouldNotBeEmpty();
        watched.ShouldAllBe(name => metrics.Contains($"\n{name}{{model=\"churn\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_FiguresBeyondTheRowLimit_CountedAsDroppedAndNoFindingsFallback()
    {
        var entries = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["model-drift"] = [Entry(2, "churn", "[]"), Entry(1, "fraud", """[{"rule":"drift","severity":"high","address":"income","message":"m","evidence":{"slice":"(all)","test":"ks-asymptotic","statistic":0.4,"psi":0.3,"effectSize":1.0}}]""")],
        };
        StoredFigure Psi(long verdict, int ordinal) => new(verdict, ordinal, $"f{ordinal}", "(all)", "ks-asymptotic", false, "psi", 0.01 * ordinal);
        var read = new FigureRead([Psi(2, 0), Psi(2, 1)], Total: 7);

        var text = ModelFigures.Render(entries, new Dictionary<string, FigureRead> { ["model-drift"] = read });

        text.ShouldContain("tollgate_model_drift_psi{model=\"churn\",feature=\"f1\",slice=\"(all)\"} 0.01");
        text.ShouldNotContain("model=\"fraud\",feature");
        Value(text, "tollgate_model_gauges_dropped_series").ShouldBe(5);
        Value(text, "tollgate_model_findings{model=\"fraud\",kind=\"drift\"}").ShouldBe(1);
    }

    [Fact]
    public void Render_LatestReportFoundNothing_FindingsGoToZeroAndTheFiguresGo()
    {
        const string drifted = """[{"rule":"drift","severity":"high","address":"income","message":"m","evidence":{"slice":"(all)","test":"ks-asymptotic","statistic":0.4,"psi":0.3,"effectSize":1.0}}]""";
        var entries = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["model-drift"] = [Entry(2, "churn", "[]"), Entry(1, "churn", drifted), Entry(0, "fraud", drifted)],
        };

        var text = ModelFigures.Render(entries);

        text.ShouldContain("tollgate_model_findings{model=\"churn\",kind=\"drift\"} 0");
        text.ShouldNotContain("tollgate_model_drift_psi{model=\"churn\"");
        text.ShouldContain("tollgate_model_drift_psi{model=\"fraud\",feature=\"income\",slice=\"(all)\"} 0.3");
        text.ShouldContain("tollgate_model_drift_ks{model=\"fraud\",feature=\"income\",slice=\"(all)\"} 0.4");
    }

    [Fact]
    public void Render_ManyModelsAndHostileNames_CapsSeriesAndEscapesLabels()
    {
        var drifted = string.Join(",", Enumerable.Range(0, 20).Select(i =>
            $$$"""{"rule":"drift","severity":"high","address":"f{{{i}}}","message":"m","evidence":{"slice":"(all)","test":"chi-square","statistic":9,"psi":0.5,"effectSize":0.2}}"""));
        var entries = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["model-drift"] = [.. Enumerable.Range(0, 150).Select(i => Entry(i, i == 0 ? "we\"ird\\model\nname" : $"m{i}", "[" + drifted + "]"))],
        };

        var text = ModelFigures.Render(entries);

        text.Split('\n').Count(l => l.StartsWith("tollgate_model_drift_psi{", StringComparison.Ordinal)).ShouldBe(ModelFigures.MaxSeries);
        text.ShouldNotContain("tollgate_model_drift_ks{"); // chi-square: no KS statistic
        text.ShouldContain("model=\"we\\\"ird\\\\model\\nname\"");
        Value(text, "tollgate_model_gauges_dropped_series").ShouldBe((100 * 20 - ModelFigures.MaxSeries) * 2);
        Value(text, "tollgate_model_gauges_dropped_subjects").ShouldBe(50);
    }

    [Fact]
    public void Render_LatestTrendReportHeld_KeepsTheJudgedFiguresAndExportsTheHold()
    {
        // Before: the hold exported findings 0 and no slope, which resolved the alert as if the KPI had recovered.
        const string trend = """[{"rule":"trend","severity":"high","address":"conversion.csv","message":"m","evidence":{"slopePerDay":-0.005,"relativePerDay":-0.006}}]""";
        var entries = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["model-trend"] = [Trend(3, "fraud#conversion.csv", "hold", "[]"), Trend(2, "fraud#conversion.csv", "fail", trend), Trend(1, "churn#kpi.csv", "hold", "[]")],
        };

        var text = ModelFigures.Render(entries, new Dictionary<string, FigureRead>(), new HashSet<string> { "churn" });

        Value(text, "tollgate_model_findings{model=\"fraud\",kind=\"trend\",series=\"conversion.csv\"}").ShouldBe(1);
        Value(text, "tollgate_model_trend_slope_per_day{model=\"fraud\",series=\"conversion.csv\"}").ShouldBe(-0.005);
        Value(text, "tollgate_model_report_timestamp_seconds{model=\"fraud\",kind=\"trend\",series=\"conversion.csv\"}").ShouldBe(At.AddMinutes(2).ToUnixTimeSeconds());
        Value(text, "tollgate_model_report_verdict{model=\"fraud\",kind=\"trend\",series=\"conversion.csv\",verdict=\"hold\"}").ShouldBe(1);
        Value(text, "tollgate_model_report_verdict{model=\"churn\",kind=\"trend\",series=\"kpi.csv\",verdict=\"hold\"}").ShouldBe(1);
        text.ShouldNotContain("tollgate_model_findings{model=\"churn\"");
    }

    [Fact]
    public void Render_TrendWithoutModelAndAHashInItsFileName_TheSeriesIsTheWholeSubject()
    {
        // Before: kpi#2.csv became model "kpi", series "2.csv"; with --model the subject still splits at its first '#'.
        static string Found(string series) => $$$"""[{"rule":"trend","severity":"high","address":"{{{series}}}","message":"m","evidence":{"slopePerDay":-0.005,"relativePerDay":-0.006}}]""";
        var entries = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["model-trend"] = [Trend(3, "data/kpi#2.csv", "fail", Found("kpi#2.csv")), Trend(2, "fraud#a#b.csv", "fail", Found("a#b.csv")), Trend(1, "short.csv", "hold", "[]")],
        };

        var text = ModelFigures.Render(entries);

        Value(text, "tollgate_model_findings{model=\"\",kind=\"trend\",series=\"data/kpi#2.csv\"}").ShouldBe(1);
        Value(text, "tollgate_model_trend_slope_per_day{model=\"\",series=\"data/kpi#2.csv\"}").ShouldBe(-0.005);
        Value(text, "tollgate_model_findings{model=\"fraud\",kind=\"trend\",series=\"a#b.csv\"}").ShouldBe(1);
        Value(text, "tollgate_model_report_verdict{model=\"\",kind=\"trend\",series=\"short.csv\",verdict=\"hold\"}").ShouldBe(1);
    }

    [Fact]
    public void Render_TrendThatOnlyHeldWithAHashInItsFileName_SplitsOnlyAtAKnownModel()
    {
        // Before: a held kpi#2.csv (no --model, no series recorded) became model "kpi", series "2.csv".
        var entries = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["model-trend"] = [Trend(2, "kpi#2.csv", "hold", "[]"), Trend(1, "churn#kpi.csv", "hold", "[]")],
        };
        var models = new HashSet<string> { "churn" };

        var text = ModelFigures.Render(entries, new Dictionary<string, FigureRead>(), models);

        ModelFigures.HeldTrendModels(ModelSubjects.Of(entries["model-trend"])).Order(StringComparer.Ordinal).ShouldBe(["churn", "kpi"]);
        Value(text, "tollgate_model_report_verdict{model=\"\",kind=\"trend\",series=\"kpi#2.csv\",verdict=\"hold\"}").ShouldBe(1);
        Value(text, "tollgate_model_report_verdict{model=\"churn\",kind=\"trend\",series=\"kpi.csv\",verdict=\"hold\"}").ShouldBe(1);
    }

    private static LedgerEntry Trend(long id, string subject, string verdict, string findings) =>
        new(id, At.AddMinutes(id), "model-trend", subject, "sha256:x", verdict, verdict == "hold" ? 4 : 1, "", "[]", findings);

    private static LedgerEntry Entry(long id, string subject, string findings) =>
        new(id, At.AddMinutes(id), "model-drift", subject, "sha256:x", "fail", 1, "", "[]", findings);

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        line.ShouldNotBeNull($"{series} not in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
