using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>
/// A large ingest into a PostgreSQL ledger recomputes its deploy days with statistics: the tables grew inside the
/// ingest's own transaction, and without statistics the planner joined every listed day to every deploy of its service
/// (49,808 CDEvent lines: the per-day step took 25 s). The refresh analyzes them first, so <c>pg_class</c> knows the rows
/// (autovacuum is off on them, so its own ANALYZE after the commit cannot be what set the counts).
/// </summary>
public sealed class PostgresDoraDaysPlanTests
{
    private static readonly DateTimeOffset T0 = new(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_ManyDaysAtOnce_AnalyzesTheTablesTheDayRefreshReads()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("tollgate-pg-days-").FullName;
        try
        {
            const int days = 1_010; // past PostgresDoraDays.AnalyzeFromDays (1,000): one deploy a day
            await using (var ledger = await LedgerLocation.OpenAsync(connection, directory, new FakeTimeProvider(T0)))
            {
                // autovacuum's own ANALYZE after the commit would set the same counts: off on these tables, only the ingest's counts
                await using (var off = new NpgsqlConnection(connection))
                {
                    await off.OpenAsync();
                    await using var command = new NpgsqlCommand("ALTER TABLE deploys SET (autovacuum_enabled = off); ALTER TABLE deploy_changes SET (autovacuum_enabled = off)", off);
                    await command.ExecuteNonQueryAsync();
                }

                var deploys = Enumerable.Range(0, days).Select(i =>
                    new DeployEvent($"d{i}", "test", new Deploy($"d{i}", "checkout", "production", $"v{i}", DeployIntent.Planned, T0.AddDays(i))
                    {
                        FinishedAt = T0.AddDays(i), Result = DeployResult.Success, Changes = [new Change($"c{i}", T0.AddDays(i).AddHours(-1))],
                    }));
                (await DeliveryStore.Of(ledger).RecordAsync([.. deploys])).Recorded.ShouldBe(days);
            }

            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT relname, reltuples FROM pg_class WHERE relname IN ('deploys', 'deploy_changes') ORDER BY relname", db);
            await using var r = await read.ExecuteReaderAsync();
            var tuples = new List<(string, float)>();
            while (await r.ReadAsync())
            {
                tuples.Add((r.GetString(0), r.GetFloat(1)));
            }

            tuples.ShouldBe([("deploy_changes", (float)days), ("deploys", (float)days)], "analyzed in the ingest's transaction, with the ingest's rows");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
