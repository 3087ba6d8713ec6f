using System.Net;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// The warm-up before listening is <c>/readyz</c>'s own ledger probe: a ledger whose verdicts table another session
/// holds locked is not waited for past 2 s at start, and the warm-up's line gives the reason <c>/readyz</c> then answers.
/// </summary>
public sealed class WarmUpLockTests
{
    [Fact]
    public async Task Start_VerdictsLocked_WarmUpSaysWhatReadyzAnswers()
    {
        var connection = await Ledgers.TempPostgresAsync();
        await (await RunningServer.StartAsync("http://127.0.0.1:9", ledger: connection)).DisposeAsync(); // migrated
        var logs = new List<string>();
        await using var held = await VerdictsLock.HoldAsync(connection);

        await using var server = await RunningServer.StartAsync("http://127.0.0.1:9", ledger: connection, logs: logs);
        using var ready = await server.Http.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var reason = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        reason.ShouldContain("did not answer within 2s");
        string[] lines;
        lock (logs)
        {
            lines = [.. logs];
        }

        lines.ShouldContain(l => l.Contains($"ledger not read ({reason})", StringComparison.Ordinal), string.Join('\n', lines));
    }
}
