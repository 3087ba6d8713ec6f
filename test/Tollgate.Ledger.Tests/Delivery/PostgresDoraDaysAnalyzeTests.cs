using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// A delivery write on a PostgreSQL ledger analyzes the tables its day refresh reads only when the write itself listed
/// many days (the tables grew in its own transaction): it knows how many it listed, so the common small write costs
/// no count of <c>dora_dirty</c>, and days listed before it (by a migration) do not make it analyze. Autovacuum is off
/// on the tables, so <c>pg_class.reltuples</c> moves only by the write's own ANALYZE.
/// </summary>
public sealed class PostgresDoraDaysAnalyzeTests
{
    private static readonly DateTimeOffset T0 = new(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_OneDayMarkedBesideManyListedBefore_DoesNotAnalyze()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("tollgate-pg-analyze-").FullName;
        try
        {
            await using var ledger = await LedgerLocation.OpenAsync(connection, directory, new FakeTimeProvider(T0));
            await using var admin = new NpgsqlConnection(connection);
            await admin.OpenAsync();
            await ExecuteAsync(admin, "ALTER TABLE deploys SET (autovacuum_enabled = off); ALTER TABLE deploy_changes SET (autovacuum_enabled = off); ALTER TABLE dora_dirty SET (autovacuum_enabled = off)");
            await ExecuteAsync(admin, $"INSERT INTO dora_dirty (service, environment, day) SELECT 'billing', 'production', g FROM generate_series(1, {PostgresDoraDays.AnalyzeFromDays + 10}) g");
            var before = await DeployTuplesAsync(admin);

            var deploy = new Deploy("d1", "checkout", "production", "v1", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success, Changes = [new Change("c1", T0.AddHours(-1))] };
            (await DeliveryStore.Of(ledger).RecordAsync([new DeployEvent("d1", "test", deploy)])).Recorded.ShouldBe(1);

            (await DeployTuplesAsync(admin)).ShouldBe(before, "one day listed by the write: no ANALYZE, whatever was listed before it");
            (await ScalarAsync(admin, "SELECT count(*) FROM dora_dirty")).ShouldBe(0L, "the days listed before were recomputed all the same");
            (await ScalarAsync(admin, "SELECT count(*) FROM dora_days WHERE service = 'checkout'")).ShouldBe(1L);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<float> DeployTuplesAsync(NpgsqlConnection admin)
    {
        await using var command = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE relname = 'deploys' AND relnamespace = current_schema()::regnamespace", admin);
        return (float)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection admin, string sql)
    {
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection admin, string sql)
    {
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
