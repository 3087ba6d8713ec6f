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
/// A canary judged on two ratio metrics of one slice (tenant acme, 5,000 requests a group, 0.4 % errors in the
/// baseline and in the canary's timeouts), as its SARIF run's results: what the SARIF tests look at.
/// </summary>
internal static class TwoMetricCanary
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

    /// <summary>The SARIF results of one look at the canary whose error rate is <paramref name="canaryErrors"/>.</summary>
    public static List<JsonElement> SarifResults(int seed, double canaryErrors)
    {
        var spec = JudgeSpec(TwoRatios);
        var random = new Random(seed);
        var judgement = CanaryJudge.Judge(spec, [
            new(Tenant("acme"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, canaryErrors)),
            new(Tenant("acme"), spec.Metrics[1], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004)),
        ], null, []);
        var window = EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval);
        var report = GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, window, "test"), Policy.Default, [], Clock);
        var sarif = JsonDocument.Parse(SarifReport.Render(report, new RuleCatalog([]), Directory.GetCurrentDirectory())).RootElement;
        return [.. sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()];
    }
}
