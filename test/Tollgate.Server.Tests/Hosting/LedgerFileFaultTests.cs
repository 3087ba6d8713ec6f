using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// A SQLite ledger whose file goes from under a running server (deleted, or a backup moved over it), or can no longer be
/// written (made immutable): the server records nothing it would lose, says why in the words of what happened, and
/// <c>/readyz</c> takes the replica out of the load balancer.
/// </summary>
public sealed class LedgerFileFaultTests
{
    private static readonly string Argo = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    [Theory]
    [InlineData("deleted")]
    [InlineData("replaced")]
    public async Task LedgerFileGone_Verdicts_NotRecordedNamingItAndNotReady(string how)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var ledger = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        (await PostAsync(server)).TryGetProperty("recorded", out _).ShouldBeFalse(); // recorded: no "recorded": false

        if (how == "deleted")
        {
            foreach (var file in new[] { ledger, ledger + "-wal", ledger + "-shm" })
            {
                File.Delete(file);
            }
        }
        else
        {
            File.Copy(ledger, ledger + ".backup");
            File.Move(ledger + ".backup", ledger, overwrite: true);
        }

        var json = await PostAsync(server);
        using var ready = await server.Http.GetAsync("/readyz");
        var problem = await ready.Content.ReadAsStringAsync();

        json.GetProperty("verdict").GetString().ShouldBe("fail");
        json.TryGetProperty("recorded", out var recorded).ShouldBeTrue(json.ToString());
        recorded.GetBoolean().ShouldBeFalse();
        json.GetProperty("reason").GetString()!.ShouldContain($"not recorded: cannot record the verdict in the ledger at {ledger}: the file was deleted or replaced");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, problem);
        problem.ShouldContain("the file was deleted or replaced");
    }

    [Fact]
    public async Task LedgerMadeImmutable_Verdict_NotRecordedAsReadOnlyAndNotReady()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var ledger = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        (await PostAsync(server)).TryGetProperty("recorded", out _).ShouldBeFalse(); // recorded: no "recorded": false
        string[] files = [ledger, ledger + "-wal"]; // not the -shm index SQLite maps into memory: made immutable too, it killed the test process
        Chattr("+i", files); // root on ext4 (the CI machine): no write to them goes through, open descriptors included
        try
        {
            var json = await PostAsync(server);
            using var ready = await server.Http.GetAsync("/readyz");
            var problem = await ready.Content.ReadAsStringAsync();

            json.TryGetProperty("recorded", out var recorded).ShouldBeTrue(json.ToString());
            recorded.GetBoolean().ShouldBeFalse();
            json.GetProperty("reason").GetString()!.ShouldContain($"cannot record the verdict in the ledger at {ledger}: the ledger is read-only");
            ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, problem);
            problem.ShouldContain("the ledger's last write failed");
            problem.ShouldContain("the ledger is read-only");
        }
        finally
        {
            Chattr("-i", files);
        }
    }

    [Fact]
    public async Task LedgerMadeImmutable_FlaggerEvent_503AsAWriteAndNotReady()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        (await PostAsync(server)).TryGetProperty("recorded", out _).ShouldBeFalse(); // recorded: the file is in WAL mode, with its -wal
        string[] files = [ledger, ledger + "-wal"];
        Chattr("+i", files);
        try
        {
            using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/event", new StringContent(FlaggerEvent, Encoding.UTF8, "application/json"));
            var body = await answer.Content.ReadAsStringAsync();
            using var ready = await server.Http.GetAsync("/readyz");
            var problem = await ready.Content.ReadAsStringAsync();

            answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
            body.ShouldContain($"cannot record a rollout event in the ledger at {ledger}: the ledger is read-only");
            ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, problem); // its reads still work: only the write's fault says so
            problem.ShouldContain("the ledger's last write failed");
        }
        finally
        {
            Chattr("-i", files);
        }
    }

    [Fact]
    public async Task LedgerFileDeleted_FlaggerEvent_RefusedAsAWrite()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        foreach (var file in new[] { ledger, ledger + "-wal", ledger + "-shm" })
        {
            File.Delete(file);
        }

        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/event", new StringContent(FlaggerEvent, Encoding.UTF8, "application/json"));
        var body = await answer.Content.ReadAsStringAsync();

        answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
        body.ShouldContain($"cannot record a rollout event in the ledger at {ledger}: the file was deleted or replaced");
    }

    private const string FlaggerEvent = """{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"85d557f47b","metadata":{"eventType":"Normal","eventMessage":"Starting canary analysis for checkout.shop","timestamp":"1767225600000"}}""";

    private static async Task<JsonElement> PostAsync(RunningServer server)
    {
        using var answer = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Argo, Encoding.UTF8, "application/json"));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static void Chattr(string flag, string[] files)
    {
        var start = new ProcessStartInfo("chattr") { RedirectStandardError = true };
        start.ArgumentList.Add(flag);
        foreach (var file in files.Where(File.Exists))
        {
            start.ArgumentList.Add(file);
        }

        using var chattr = Process.Start(start)!;
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        chattr.ExitCode.ShouldBe(0, error);
    }
}
