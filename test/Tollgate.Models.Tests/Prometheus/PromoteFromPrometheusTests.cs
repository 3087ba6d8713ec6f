using Tollgate.Canary.Sources;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Prometheus;

/// <summary><c>model promote --kpi</c> with the KPI read per version from a real, backfilled Prometheus.</summary>
[Collection(KpiPrometheusCollection.Name)]
public sealed class PromoteFromPrometheusTests(KpiPrometheusFixture prometheus)
{
    private const string Queries = """
        kpi: conversion
        direction: higher
        maxDrop: 0.1
        minSamples: 500
        prometheus:
          url: URL
          window: 1h
          timeout: 5s
          requests: 'sum by (region) (increase(model_requests_total{model="{{model}}",version="{{version}}"}[{{window}}]))'
          total: 'sum by (region) (increase(model_conversions_total{model="{{model}}",version="{{version}}"}[{{window}}]))'
        """;

    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private static PromoteGate Gate(ModelLedger m) =>
        new(m.Registry, m.Drills, (url, timeout) => new PrometheusSource(Http, url, new PrometheusOptions(timeout, Attempts: 2, Backoff: TimeSpan.FromMilliseconds(50)), TimeProvider.System));

    private async Task<ModelLedger> LiveVersionOneAsync(string? url = null)
    {
        var m = await ModelLedger.OpenAsync();
        m.Write("train.csv", "x\n1\n");
        foreach (var version in (string[])["1", "2", "3"])
        {
            m.Write($"model-{version}.bin", "weights " + version);
            (await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", version, $"model-{version}.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
        }

        (await Gate(m).RunAsync(new PromoteRequest("fraud@1") { Initial = true }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        m.Clock.SetUtcNow(KpiTraffic.JudgeAt);
        await m.Drills.RecordDrillAsync(new Drill("model:fraud", true, TimeSpan.FromSeconds(3), KpiTraffic.JudgeAt.AddHours(-1)));
        m.Write("kpi.yaml", Queries.Replace("URL", url ?? prometheus.Url.ToString(), StringComparison.Ordinal));
        return m;
    }

    [Fact]
    public async Task Promote_HealthyKpiInPrometheus_PromotesAndRetiresTheLiveVersion()
    {
        await using var m = await LiveVersionOneAsync();

        var report = await Gate(m).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Summary.ShouldContain(new KeyValuePair<string, long>("slices", 3));
        report.Summary.Single(s => s.Key == "candidateRequests").Value.ShouldBeInRange(140_000, 148_000);
        report.Facts.ShouldContain(f => f.Key == "slice region=eu" && f.Value.Contains("candidate 0.1"));
        // Before: "conversion (, higher is better)", the empty slot of the log column a Prometheus spec has not.
        report.Facts.Single(f => f.Key == "kpi").Value.ShouldStartWith("conversion (higher is better), allowed loss ");
        var stages = await m.Registry.StagesAsync("fraud");
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow()).ShouldBe("2");
    }

    [Fact]
    public async Task Promote_PrometheusSpecWithAPredictionLog_RefusedNamingBothSources()
    {
        // The spec names no column for a log: before, "canary.csv: no column '' (the KPI spec's column)".
        await using var m = await LiveVersionOneAsync();
        m.Write("canary.csv", "request_id,model_version,converted\nq1,2,1\n");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => Gate(m).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "canary.csv" }, m.Context()));

        error.Message.ShouldBe("kpi.yaml reads the KPI from Prometheus (its prometheus: section) and names no column of a prediction log: leave --predictions out, or add column: to the spec to judge the log");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
    }

    [Fact]
    public async Task Promote_KpiRegressionInOneRegion_RollsBackAndNamesTheRegion()
    {
        await using var m = await LiveVersionOneAsync();
        (await Gate(m).RunAsync(new PromoteRequest("fraud@3") { To = "canary" }, m.Context())).Verdict.ShouldBe(Verdict.Pass);

        var report = await Gate(m).RunAsync(new PromoteRequest("fraud@3") { Kpi = "kpi.yaml" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        report.Reason.ShouldStartWith("roll back fraud@3");
        var regressions = report.Findings.Where(f => f.Rule == "kpi-regression").ToList();
        regressions.ShouldContain(f => (string)f.Evidence["slice"]! == "region=eu");
        regressions.ShouldNotContain(f => (string)f.Evidence["slice"]! == "region=us");
        ((double)regressions.First(f => (string)f.Evidence["slice"]! == "region=eu").Evidence["candidateMean"]!).ShouldBeInRange(0.075, 0.085);
        var stages = await m.Registry.StagesAsync("fraud");
        ProductionLine.StageOf(stages, "3").ShouldBe(ModelStages.Retired);
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow()).ShouldBe("1");
    }

    [Fact]
    public async Task Promote_PrometheusDown_HoldsWithTheReasonAndNeverPromotes()
    {
        await using var m = await LiveVersionOneAsync(url: "http://127.0.0.1:1/");

        var report = await Gate(m).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("metric source unavailable: cannot reach Prometheus at http://127.0.0.1:1/");
        report.Reason.ShouldContain("after 2 attempts");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
    }

    [Fact]
    public async Task Promote_VersionWithoutSeries_HoldsOnMissingData()
    {
        await using var m = await LiveVersionOneAsync();
        m.Write("train.csv", "x\n1\n");
        m.Write("model-4.bin", "weights 4");
        await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", "4", "model-4.bin", ["train.csv"]), m.Context());

        var report = await Gate(m).RunAsync(new PromoteRequest("fraud@4") { Kpi = "kpi.yaml" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("no data: prometheus.requests for version 4 returned no series");
    }

    [Fact]
    public async Task Promote_PrometheusUrlFlag_OverridesTheSpec()
    {
        await using var m = await LiveVersionOneAsync(url: "http://127.0.0.1:1/");

        var report = await Gate(m).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", PrometheusUrl = prometheus.Url.ToString() }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
    }
}
