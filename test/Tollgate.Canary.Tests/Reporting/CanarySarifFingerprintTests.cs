using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Judgement;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Rules;
using Tollgate.Reports;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Reporting;

/// <summary>
/// A canary's checks of two metrics on one slice are two alerts in code scanning, not one: their SARIF fingerprints
/// name the metric and the slice, and none of the figures that change from one look to the next.
/// </summary>
public sealed class CanarySarifFingerprintTests
{
    private const string TwoRatios = Ratio + """

          - name: timeout-rate
            type: ratio
            errors: 'sum by (tenant) (increase(timeouts{ {{selector}} }[{{interval}}]))'
            total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
            maxRatio: 2.0
            maxValue: 0.05
        """;

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static List<(string Rule, string Fingerprint)> Fingerprints(int seed, double canaryErrors)
    {
        var spec = JudgeSpec(TwoRatios);
        var random = new Random(seed);
        var judgement = CanaryJudge.Judge(spec, [
            new(Tenant("acme"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, canaryErrors)),
            new(Tenant("acme"), spec.Metrics[1], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004)),
        ], true, []);
        var window = EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval);
        var report = GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, window, "test"), Policy.Default, [], Clock);
        var sarif = JsonDocument.Parse(SarifReport.Render(report, new RuleCatalog([]), Directory.GetCurrentDirectory())).RootElement;
        return sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("ruleId").GetString()!, r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString()!))
            .ToList();
    }

    [Fact]
    public void Render_TwoMetricsOnOneSlice_DistinctFingerprintsStableAcrossLooks()
    {
        var failing = Fingerprints(seed: 3, canaryErrors: 0.02);
        var passing = Fingerprints(seed: 11, canaryErrors: 0.004);

        failing.Select(r => r.Fingerprint).ShouldBeUnique();
        failing.Where(r => r.Rule == "relative").Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ShouldBe([
            "relative:tenant=acme;metric=error-rate;slice=tenant=acme",
            "relative:tenant=acme;metric=timeout-rate;slice=tenant=acme",
        ]);
        passing.Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ShouldBe(failing.Select(r => r.Fingerprint).Order(StringComparer.Ordinal));
    }
}
