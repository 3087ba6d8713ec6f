using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// Whether more canary traffic cures a hold for want of samples (what Flagger's <c>confirm-traffic-increase</c> asks),
/// against the real Prometheus of <see cref="PrometheusFixture"/>: the quiet app's 0.2 requests a second are about 120
/// in the 10-minute window, below <c>minSamples</c> 200, the search app's 150 a second far above it.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class AwaitsTrafficTests(PrometheusFixture prometheus) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task AwaitsTraffic_CanaryBelowMinSamples_Yes()
    {
        var report = await JudgeAsync(baseline: "app=\"search\", version=\"v1\", tenant=~\"acme|globex\"", canary: "app=\"quiet\", version=\"v2\"");

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        var below = MinSamples(report);
        below.Select(f => string.Join(",", (string[])f.Evidence["below"]!)).ShouldAllBe(groups => groups == "canary");
        below.Select(f => (string)f.Evidence["reason"]!).ShouldAllBe(reason => reason.StartsWith("canary ", StringComparison.Ordinal));
        CanaryHold.AwaitsTraffic(report).ShouldBeTrue();
    }

    [Fact]
    public async Task AwaitsTraffic_BaselineBelowMinSamples_NoMoreWeightWouldTakeFromIt()
    {
        // Before: yes, as for the canary. More weight on the canary takes requests from the baseline (the primary).
        var report = await JudgeAsync(baseline: "app=\"quiet\", version=\"v1\"", canary: "app=\"search\", version=\"v2\", tenant=~\"acme|globex\"");

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldContain("< minSamples 200");
        report.Reason.ShouldContain("baseline ");
        var below = MinSamples(report);
        below.Select(f => string.Join(",", (string[])f.Evidence["below"]!)).ShouldAllBe(groups => groups == "baseline");
        below.Select(f => (long)f.Evidence["minSamples"]!).ShouldAllBe(floor => floor == 200);
        CanaryHold.AwaitsTraffic(report).ShouldBeFalse();
    }

    [Fact]
    public async Task AwaitsTraffic_NoCanaryTrafficBesideABaselineBelowMinSamples_NoAndSaysSo()
    {
        // Before: yes (200 from confirm-traffic-increase): "no canary series" hid the baseline's ~120 of 200.
        var report = await JudgeAsync(baseline: "app=\"quiet\", version=\"v1\"", canary: "app=\"quiet\", version=\"v9\"");

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        var noData = report.Findings.Where(f => f.Rule == "no-data").ToList();
        noData.Count.ShouldBe(4, "two slices, two metrics");
        noData.Select(f => (string)f.Evidence["reason"]!).ShouldAllBe(reason => reason.StartsWith("no canary series, and baseline ", StringComparison.Ordinal) && reason.EndsWith(" < minSamples 200", StringComparison.Ordinal));
        noData.Select(f => string.Join(",", (string[])f.Evidence["below"]!)).ShouldAllBe(groups => groups == "canary,baseline");
        CanaryHold.AwaitsTraffic(report).ShouldBeFalse();
    }

    private static List<Domain.Findings.Finding> MinSamples(Report report)
    {
        var findings = report.Findings.Where(f => f.Rule == "min-samples").ToList();
        findings.Count.ShouldBe(4, "two slices, two metrics");
        report.Findings.Where(f => f.Rule != "min-samples").ShouldBeEmpty();
        return findings;
    }

    private async Task<Report> JudgeAsync(string baseline, string canary)
    {
        var spec = SpecLoader.Load(prometheus.SpecFor("search", edit: t => t
            .Replace("baseline: 'app=\"search\", version=\"v1\"'", $"baseline: '{baseline}'", StringComparison.Ordinal)
            .Replace("canary: 'app=\"search\", version=\"v2\"'", $"canary: '{canary}'", StringComparison.Ordinal)));
        var source = new PrometheusSource(_http, prometheus.Url, new PrometheusOptions(TimeSpan.FromSeconds(10)), TimeProvider.System);
        var window = EvaluationWindow.Ending(CanaryTraffic.JudgeAt, spec.Window, spec.Interval);
        var judgement = await new CanaryEvaluator(spec, source) { MistakesAreErrors = true, SideBySide = true }.EvaluateAsync(window, true, CancellationToken.None);
        return GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, window, "test"), Policy.Default, [], new FakeTimeProvider(CanaryTraffic.JudgeAt.AddHours(1)));
    }

    public void Dispose() => _http.Dispose();
}
