using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// The server ended the ledger's pooled connections (a restart, <c>pg_terminate_backend</c>) and is answering again: the
/// next write is recorded on a fresh connection, once, not refused with <c>57P01: terminating connection due to
/// administrator command</c>.
/// </summary>
public sealed class PostgresRestartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);

    /// <summary>Ends every connection to the ledger's database but its own, as a restart does, and waits until they are gone.</summary>
    private static async Task TerminateAsync(string connection)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        const string Others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
        await using (var terminate = new NpgsqlCommand($"SELECT count(pg_terminate_backend(pid)) {Others}", admin))
        {
            ((long)(await terminate.ExecuteScalarAsync())!).ShouldBeGreaterThan(0L, "the ledger's pooled connection was there to end");
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) {Others}", admin);
        while ((long)(await count.ExecuteScalarAsync())! > 0)
        {
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task RecordAsync_PooledConnectionEndedByTheServer_RecordsTheVerdictOnceOnAFreshConnection()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var ledger = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), _clock);
        await ledger.RecordAsync(new Report("canary", "before", "sha256:b", Verdict.Pass, [], []));
        await TerminateAsync(connection);

        await ledger.RecordAsync(new Report("canary", "after", "sha256:a", Verdict.Hold, [], []));

        (await ledger.RecentAsync(null, 10)).Select(e => e.Subject).ShouldBe(["after", "before"]);
    }

    [Fact]
    public async Task FinishAsync_PooledConnectionEndedByTheServer_ClosesTheDeploy()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var ledger = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), _clock);
        var store = DeliveryStore.Of(ledger);
        var running = new Deploy("search/production/v2", "search", "production", "v2", DeployIntent.Planned, T0);
        await store.RecordAsync([new DeployEvent(running.Id, "tollgate.deploy.started", running)]);
        await TerminateAsync(connection);

        var finished = await store.FinishAsync(running, DeployResult.Success, T0.AddMinutes(1));

        finished.ShouldNotBeNull().Result.ShouldBe(DeployResult.Success);
        (await store.DeploysAsync("search", "production")).ShouldHaveSingleItem().FinishedAt.ShouldBe(T0.AddMinutes(1));
    }
}
