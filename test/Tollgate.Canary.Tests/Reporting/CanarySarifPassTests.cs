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
/// A canary check within its bounds is a pass, not a failure of level note: its SARIF result is <c>kind: pass</c> with
/// <c>level: none</c> (a result without a kind is a failure, SARIF 2.1.0 §3.27.9), while a check that rolls the canary
/// back keeps its level and no kind.
/// </summary>
public sealed class CanarySarifPassTests
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

    private static List<(string Rule, string Metric, string? Kind, string Level)> Results(int seed, double canaryErrors)
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
            .Select(r => (
                r.GetProperty("ruleId").GetString()!,
                r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString()!.Split(";metric=")[1].Split(';')[0],
                r.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
                r.GetProperty("level").GetString()!))
            .ToList();
    }

    [Fact]
    public void Render_HealthyCanary_EveryCheckIsAPassOfLevelNone()
    {
        var results = Results(seed: 11, canaryErrors: 0.004);

        results.Count.ShouldBe(4);
        results.ShouldAllBe(r => r.Kind == "pass" && r.Level == "none");
    }

    [Fact]
    public void Render_OneMetricWorse_ItsCheckFailsAndTheOtherMetricsPass()
    {
        var results = Results(seed: 3, canaryErrors: 0.02);

        results.Single(r => r.Rule == "relative" && r.Metric == "error-rate").ShouldBe(("relative", "error-rate", null, "error"));
        results.Where(r => r.Metric == "timeout-rate").ShouldAllBe(r => r.Kind == "pass" && r.Level == "none");
        results.Where(r => r.Kind is null).ShouldAllBe(r => r.Level != "none");
    }
}
