using Tollgate.Domain.Registry;
using Tollgate.Ledger.Migrations;
using Tollgate.Ledger.Registry;

namespace Tollgate.Ledger.Tests;

/// <summary>Upgrading the model registry: step 0018 lets a version's registration time be unknown (NULL).</summary>
public abstract partial class LedgerBehaviourTests
{
    [Fact]
    public async Task OpenAsync_LedgerFromBeforeUnknownRegistrationTimes_KeepsItsTimesAndRecordsUnknownAsNull()
    {
        var at = new DateTimeOffset(2026, 3, 4, 17, 0, 0, TimeSpan.Zero);
        await using (var ledger = await OpenAsync())
        {
            var registry = ModelRegistry.Of(ledger);
            await registry.RegisterAsync(new ModelVersion("fraud", "1", "sha256:a", at));
            // How an MLflow version without creation_timestamp was stored: as 1970, which cannot be told from a real 0.
            await registry.RegisterAsync(new ModelVersion("churn", "3", "uri:s3://b/churn/3", DateTimeOffset.UnixEpoch) { Source = "mlflow" });
        }

        await ExecuteAsync(LedgerRewind.Before(Dialect, "model_registered_at_nullable"));

        await using var upgraded = await OpenAsync();
        var read = ModelRegistry.Of(upgraded);
        (await read.RegisterAsync(new ModelVersion("churn", "4", "uri:s3://b/churn/4", null) { Source = "mlflow" })).ShouldBeTrue();

        (await read.FindAsync("fraud", "1"))!.RegisteredAt.ShouldBe(at);
        (await read.FindAsync("churn", "3"))!.RegisteredAt.ShouldBe(DateTimeOffset.UnixEpoch, "left as stored: an unknown time and 0 were stored alike");
        (await read.FindAsync("churn", "4"))!.RegisteredAt.ShouldBeNull();
        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count);
    }
}
