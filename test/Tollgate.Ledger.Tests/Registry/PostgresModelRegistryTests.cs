using Npgsql;
using Tollgate.Domain.Registry;
using Tollgate.Ledger.Registry;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Registry;

/// <summary>The registry behaviour against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresModelRegistryTests : ModelRegistryBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 17, 0, 0, TimeSpan.Zero);

    private string? _connection;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    [Fact]
    public async Task RecordStagesAsync_AnotherModelsMoveInProgress_DoesNotWait_SameModelWaits()
    {
        // The stage lock is per model: a long promotion of churn holds churn's lock, not fraud's.
        var connection = await ConnectionAsync();
        await using var ledger = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), TimeProvider.System);
        var registry = ModelRegistry.Of(ledger);
        await using var holder = new NpgsqlConnection(connection); // another session, as another process's promotion
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", holder, held)
        {
            Parameters = { new() { Value = PostgresModelRegistry.StageLockClass }, new() { Value = PostgresModelRegistry.StageLockOf("churn") } },
        })
        {
            await take.ExecuteNonQueryAsync();
        }

        var fraud = registry.RecordStagesAsync([new StageEvent("fraud", "1", ModelStages.Production, T0)], StageBasis.Of("fraud", []));
        var churn = registry.RecordStagesAsync([new StageEvent("churn", "1", ModelStages.Production, T0)], StageBasis.Of("churn", []));

        (await Task.WhenAny(fraud, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBeSameAs(fraud);
        await fraud;
        (await Task.WhenAny(churn, Task.Delay(TimeSpan.FromSeconds(1)))).ShouldNotBeSameAs(churn);
        await held.RollbackAsync();
        await churn;
        (await registry.StagesAsync("churn")).ShouldHaveSingleItem().Version.ShouldBe("1");
    }
}
