namespace Tollgate.Canary.Tests.Reporting;

/// <summary>
/// A canary check within its bounds is a pass, not a failure of level note: its SARIF result is <c>kind: pass</c> with
/// <c>level: none</c> (a result without a kind is a failure, SARIF 2.1.0 §3.27.9), while a check that rolls the canary
/// back keeps its level and no kind.
/// </summary>
public sealed class CanarySarifPassTests
{
    private static List<(string Rule, string Metric, string? Kind, string Level)> Results(int seed, double canaryErrors)
    {
        return TwoMetricCanary.SarifResults(seed, canaryErrors)
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
