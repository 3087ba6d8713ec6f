using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// The manifest lint of Flagger's <c>pre-rollout</c> and <c>confirm-rollout</c>: only a <c>pass</c> lets the rollout
/// through, a judged refusal is the recorded report as JSON, an empty <c>manifests</c> is the webhook's mistake, and a
/// <c>NAME.k8s/</c> directory that stopped linting is the server's.
/// </summary>
public sealed class FlaggerManifestLintTests
{
    private const string ConfigMapOnly = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n";

    private static StringContent Payload(string? manifests = null, string extra = "", string space = "shop") =>
        new($$$"""{"name":"checkout","namespace":"{{{space}}}","checksum":"c3","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"{{{(manifests is null ? "" : ",\"manifests\":" + JsonSerializer.Serialize(manifests))}}}{{{extra}}}}}""", Encoding.UTF8, "application/json");

    private static string Example(string dir) =>
        File.ReadAllText(Path.Combine(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..")), "examples", "k8s", dir, "checkout.yaml"));

    private static async Task<(HttpStatusCode Status, string? Type, JsonElement Body)> PostAsync(RunningServer server, string hook, StringContent payload)
    {
        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/" + hook, payload);
        return (answer.StatusCode, answer.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Theory]
    [InlineData("pre-rollout", HttpStatusCode.PreconditionFailed)]
    [InlineData("confirm-rollout", HttpStatusCode.Forbidden)]
    public async Task ReadyHooks_LintHolds_RefusedWithTheHoldReport(string hook, HttpStatusCode expected)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, type, report) = await PostAsync(server, hook, Payload(ConfigMapOnly));

        status.ShouldBe(expected, report.ToString());
        type.ShouldBe("application/json");
        report.GetProperty("kind").GetString().ShouldBe("k8s-lint");
        report.GetProperty("verdict").GetString().ShouldBe("hold");
        report.GetProperty("reason").GetString()!.ShouldContain("nothing to judge");
    }

    [Theory]
    [InlineData("pre-rollout", HttpStatusCode.PreconditionFailed)]
    [InlineData("confirm-rollout", HttpStatusCode.Forbidden)]
    public async Task ReadyHooks_LintFails_TheRecordedReportAsJson(string hook, HttpStatusCode expected)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, type, report) = await PostAsync(server, hook, Payload(Example("unsafe")));
        var listed = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/verdicts?kind=k8s-lint")).RootElement.GetProperty("items");

        status.ShouldBe(expected, report.ToString());
        type.ShouldBe("application/json");
        report.GetProperty("verdict").GetString().ShouldBe("fail");
        report.GetProperty("findings").GetArrayLength().ShouldBeGreaterThan(0);
        report.GetProperty("digest").GetString().ShouldBe(listed[0].GetProperty("digest").GetString());
    }

    [Theory]
    [InlineData("pre-rollout", "")]
    [InlineData("confirm-rollout", " \n")]
    public async Task ReadyHooks_ManifestsGivenEmpty_400NamingTheFieldNothingRecorded(string hook, string manifests)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, _, problem) = await PostAsync(server, hook, Payload(manifests));
        var listed = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/verdicts?kind=k8s-lint")).RootElement.GetProperty("items");

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe("metadata.manifests");
        problem.GetProperty("detail").GetString().ShouldBe("metadata.manifests: empty (an unset variable?): give the manifests to lint as YAML, or leave manifests out");
        listed.GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("pre-rollout", "Shop_1")]
    [InlineData("confirm-rollout", "shop.eu")]
    public async Task ReadyHooks_NamespaceKubernetesRefuses_400NamingTheFieldNothingRecorded(string hook, string space)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, _, problem) = await PostAsync(server, hook, Payload(Example("unsafe"), space: space));
        var listed = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/verdicts?kind=k8s-lint")).RootElement.GetProperty("items");

        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("field").GetString().ShouldBe("namespace");
        problem.GetProperty("detail").GetString()!.ShouldStartWith($"namespace: '{space}' is not a namespace Kubernetes takes: a lowercase RFC 1123 label must consist of");
        listed.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ConfirmRollout_WaitingForApproval_TheRolloutReportAsJson()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, type, report) = await PostAsync(server, "confirm-rollout", Payload(extra: ",\"approval\":\"required\""));

        status.ShouldBe(HttpStatusCode.Forbidden);
        type.ShouldBe("application/json");
        report.GetProperty("kind").GetString().ShouldBe("rollout");
        report.GetProperty("verdict").GetString().ShouldBe("review");
        report.GetProperty("reason").GetString()!.ShouldContain(report.GetProperty("digest").GetString()!);
    }

    [Fact]
    public async Task PreRollout_ManifestsBesideTheSpecBrokenAfterStart_500NotBlamingTheRequest()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var beside = Directory.CreateDirectory(Path.Combine(server.Directory, "specs", "checkout.k8s")).FullName;
        await File.WriteAllTextAsync(Path.Combine(beside, "broken.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n");

        var (status, _, problem) = await PostAsync(server, "pre-rollout", Payload());

        status.ShouldBe(HttpStatusCode.InternalServerError);
        problem.GetProperty("title").GetString().ShouldBe("Server misconfigured");
        problem.GetProperty("detail").GetString()!.ShouldContain("broken.yaml:4:1: not valid YAML");
        problem.TryGetProperty("field", out _).ShouldBeFalse();
    }
}
