using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary><c>confirm-rollout</c> with <c>metadata.approval: required</c>: each revision waits for a person's approval of its digest.</summary>
public sealed class RolloutApprovalTests
{
    private static StringContent Payload(string checksum = "85d557f47b", string approval = "required", string phase = "Initialized") =>
        new($$$"""{"name":"checkout","namespace":"shop","phase":"{{{phase}}}","checksum":"{{{checksum}}}","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6","approval":"{{{approval}}}"}}""", Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(RunningServer server, string path, HttpContent content, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        using var answer = await server.Http.SendAsync(request);
        return (answer.StatusCode, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<JsonElement> RolloutVerdictsAsync(RunningServer server)
    {
        using var answer = await server.Http.GetAsync("/api/v1/verdicts?kind=rollout");
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("items").Clone();
    }

    [Fact]
    public async Task ConfirmRollout_ApprovalRequired_WaitsUntilTheRevisionIsApproved_ANewRevisionAsksAgain()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        const string Hook = "/api/v1/integrations/flagger/confirm-rollout";

        var (first, waiting) = await PostAsync(server, Hook, Payload());
        var (again, _) = await PostAsync(server, Hook, Payload(phase: "Waiting"));
        var recordedWhileWaiting = await RolloutVerdictsAsync(server);
        var digest = recordedWhileWaiting[0].GetProperty("digest").GetString()!;
        var (approved, record) = await PostAsync(server, "/api/v1/approvals", new StringContent($$"""{"digest":"{{digest}}","by":"alice","reason":"release window, CHG-42"}""", Encoding.UTF8, "application/json"), RunningServer.AliceToken);
        var (go, ready) = await PostAsync(server, Hook, Payload(phase: "Waiting"));
        var (next, _) = await PostAsync(server, Hook, Payload(checksum: "9a1b2c3d4e"));

        first.ShouldBe(HttpStatusCode.Forbidden);
        waiting.GetProperty("verdict").GetString().ShouldBe("review");
        waiting.GetProperty("reason").GetString()!.ShouldContain($"needs 1 more approval of digest {digest}");
        waiting.GetProperty("findings")[0].GetProperty("suggestion").GetString()!.ShouldContain($"POST /api/v1/approvals {{\"digest\": \"{digest}\""); // how, as the problem said before
        waiting.GetProperty("findings")[0].GetProperty("suggestion").GetString()!.ShouldContain($"tollgate approve --digest {digest} --by");
        again.ShouldBe(HttpStatusCode.Forbidden);
        recordedWhileWaiting.GetArrayLength().ShouldBe(1); // asked twice, recorded once
        recordedWhileWaiting[0].GetProperty("verdict").GetString().ShouldBe("review");
        recordedWhileWaiting[0].GetProperty("subject").GetString().ShouldBe("shop/checkout");
        approved.ShouldBe(HttpStatusCode.Created, record.ToString());
        record.GetProperty("covers").EnumerateArray().Select(c => c.GetString()).ShouldBe(["shop/checkout"]);
        go.ShouldBe(HttpStatusCode.OK, ready.ToString());
        ready.GetProperty("approval").GetString().ShouldBe(digest);
        next.ShouldBe(HttpStatusCode.Forbidden);
        var verdicts = await RolloutVerdictsAsync(server);
        verdicts.EnumerateArray().Select(v => v.GetProperty("verdict").GetString()).ShouldBe(["review", "pass", "review"]);
    }

    [Fact]
    public async Task Approval_NotASetting_OrOnPreRollout_400NamingTheField()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (typo, typoProblem) = await PostAsync(server, "/api/v1/integrations/flagger/confirm-rollout", Payload(approval: "yes"));
        var (pre, preProblem) = await PostAsync(server, "/api/v1/integrations/flagger/pre-rollout", Payload());

        typo.ShouldBe(HttpStatusCode.BadRequest);
        typoProblem.GetProperty("field").GetString().ShouldBe("metadata.approval");
        typoProblem.GetProperty("detail").GetString()!.ShouldContain("'yes' is not a setting");
        pre.ShouldBe(HttpStatusCode.BadRequest);
        preProblem.GetProperty("field").GetString().ShouldBe("metadata.approval");
        preProblem.GetProperty("detail").GetString()!.ShouldContain("confirm-rollout");
        (await RolloutVerdictsAsync(server)).GetArrayLength().ShouldBe(0);
    }
}
