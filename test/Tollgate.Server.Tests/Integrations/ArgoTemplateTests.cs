using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>The shipped AnalysisTemplate, evaluated as Argo Rollouts would against real answers of the running service.</summary>
public sealed class ArgoTemplateTests
{
    private static readonly string Template = Path.Combine(AppContext.BaseDirectory, "examples", "argo-rollouts", "analysis-template.yaml");

    private static async Task<string> MeasureAsync(RunningServer server, string spec = "checkout")
    {
        var measurement = ArgoMeasurement.FromTemplate(Template);
        var args = new Dictionary<string, string> { ["spec"] = spec, ["stable-hash"] = RunningServer.StableHash, ["latest-hash"] = "7c9d5f8b6" };
        using var request = new HttpRequestMessage(new HttpMethod(measurement.Method), new Uri(server.Http.BaseAddress!, new Uri(measurement.Url).PathAndQuery))
        {
            Content = new StringContent(measurement.Body(args), System.Text.Encoding.UTF8, "application/json"),
        };
        using var answer = await server.Http.SendAsync(request);
        return measurement.Phase((int)answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(10, "Successful")]
    [InlineData(80, "Failed")]
    public async Task Template_JudgedCanary_MapsTheVerdictToThePhase(int canaryErrorsPerThousand, string phase)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = canaryErrorsPerThousand;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        (await MeasureAsync(server)).ShouldBe(phase);
    }

    [Fact]
    public async Task Template_PrometheusDown_IsInconclusiveNeverAnError()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Down = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        (await MeasureAsync(server)).ShouldBe("Inconclusive");
    }

    [Fact]
    public async Task Template_UnknownSpec_IsInconclusiveNeverAnError()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        (await MeasureAsync(server, spec: "payments")).ShouldBe("Inconclusive");
    }

    /// <summary>
    /// Holds in a row up to the template's <c>count</c> end the metric Inconclusive (the rollout pauses for a human),
    /// never Successful, on a controller that knows <c>consecutiveSuccessLimit</c> and on one before v1.8 that drops it
    /// and ends a metric at <c>count</c> Successful unless a limit was passed. The holds are the running service's own
    /// answers (Prometheus down).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Template_HoldsUpToCount_EndInconclusiveNeverSuccessful(bool knowsConsecutiveSuccessLimit)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Down = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var template = ArgoMeasurement.FromTemplate(Template);
        var count = template.Integer("count") ?? throw new InvalidOperationException("the template sets no count");
        var hold = await MeasureAsync(server);

        ArgoMetricRun.Assess(template, Enumerable.Repeat(hold, count), knowsConsecutiveSuccessLimit).ShouldBe("Inconclusive");
    }

    /// <summary>A pass after holds promotes, and a fail after holds aborts, as the template's comments say.</summary>
    [Theory]
    [InlineData("Successful", "Successful")]
    [InlineData("Failed", "Failed")]
    public void Template_HoldsThenAVerdict_EndsOnTheVerdict(string verdict, string phase)
    {
        var template = ArgoMeasurement.FromTemplate(Template);

        ArgoMetricRun.Assess(template, [.. Enumerable.Repeat("Inconclusive", 5), verdict], knowsConsecutiveSuccessLimit: true).ShouldBe(phase);
    }
}
