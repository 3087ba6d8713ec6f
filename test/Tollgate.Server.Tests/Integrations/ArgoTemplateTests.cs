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
}
