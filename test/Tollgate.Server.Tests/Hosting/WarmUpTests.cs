using System.Text.RegularExpressions;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// Before it listens the server reads the ledger once and renders a report as JSON, so the first request does not pay
/// the first connection and the serializer's first use within its answer budget; its log says so, and how long it took.
/// </summary>
public sealed partial class WarmUpTests
{
    [Fact]
    public async Task Start_SqliteLedger_LogsTheWarmUpBeforeListening()
    {
        var logs = new List<string>();

        await using var server = await RunningServer.StartAsync("http://127.0.0.1:9", ledger: Ledgers.TempSqlite(), logs: logs);

        string[] lines;
        lock (logs)
        {
            lines = [.. logs];
        }

        var warmed = Array.FindIndex(lines, l => WarmedUp().IsMatch(l));
        warmed.ShouldBeGreaterThanOrEqualTo(0, string.Join('\n', lines));
        warmed.ShouldBeLessThan(Array.FindIndex(lines, l => l.Contains("listening on ", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"warmed up in [0-9.]+ ms before listening: ledger read, a report rendered as JSON \([1-9][0-9]* bytes\)")]
    private static partial Regex WarmedUp();
}
