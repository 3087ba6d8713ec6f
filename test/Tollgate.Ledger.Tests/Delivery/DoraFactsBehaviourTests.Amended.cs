using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// A deploy marked failed after it finished as a success (<c>deploy finish --deploy … --result failed</c>) ran in
/// production: lead time keeps its changes, in the kept days and in the full history alike; a deploy that failed as it
/// finished, or that its watch window failed, ships nothing.
/// </summary>
public abstract partial class DoraFactsBehaviourTests
{
    /// <summary>The key of the deploy marked failed after the fact, as <c>deploy start</c> makes one (an <c>@</c> in it).</summary>
    private static readonly string AmendedKey = $"api/production/a2@{Base.AddHours(2).ToUnixTimeMilliseconds()}";

    [Fact]
    public async Task DoraFactsAsync_DeployMarkedFailedAfterItShipped_KeepsItsLeadTimeOtherFailuresShipNothing()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var window = await RecordFailuresAsync(store);

        var api = await MeasureAsync(store, window);

        (api.Deployments, api.FailedDeployments).ShouldBe((5, 3));
        api.LeadTimeHours.Samples.ShouldBe(3, "a-c1, a-c2 at the amended deploy, a-c3 at a-d5 (a-d3 failed as it finished); a-c4's deploy its watch window failed");
        api.LeadTimeHours.Median.ShouldBe(2, "a-c2's 2 h: sampled at the amended deploy, not at a-d5's re-deploy a day later");
        await ShouldMatchAsync(store, window);
    }

    [Fact]
    public async Task DoraFactsAsync_LedgerFromBeforeStep0019_FindsItsAmendmentsOnceUpgraded()
    {
        DoraWindow window;
        {
            var (ledger, store) = await OpenAsync();
            await using var _ = ledger;
            window = await RecordFailuresAsync(store);
            // as 0019 left it, the amended deploy's day counted by the old rule: its row is dropped, so only a recompute restores it
            await ExecuteAsync(ledger, LedgerRewind.Before(ledger is SqliteLedger ? "Sqlite" : "Postgres", "deploys_amended")
                + $"; DELETE FROM dora_days WHERE day = {DoraDayKey.Number(DateOnly.FromDateTime(Base.UtcDateTime))}");
        }

        var (upgraded, upgradedStore) = await OpenAsync();
        await using var __ = upgraded;

        var api = await MeasureAsync(upgradedStore, window);

        (await upgradedStore.DeploysAsync("api", "production")).Where(d => d.AmendedFailed).Select(d => d.Id).ShouldBe([AmendedKey]);
        (api.Deployments, api.FailedDeployments, api.LeadTimeHours.Samples).ShouldBe((5, 3, 3));
        await ShouldMatchAsync(upgradedStore, window);
    }

    /// <summary>
    /// Five deploys of api to production, each with one change: a-d1 a success (a-c1, 1 h); <see cref="AmendedKey"/> a
    /// success (a-c2, 2 h) marked failed a day later; a-d3 failed as it finished (a-c3); a-d4 a success its watch window
    /// failed (a-c4); a-d5 the next day re-deploys a-c2 and a-c3. The window holds them.
    /// </summary>
    private static async Task<DoraWindow> RecordFailuresAsync(IDeliveryStore store)
    {
        Deploy Api(string id, int hour, DeployResult result, params string[] changes) => new(id, "api", "production", id, DeployIntent.Planned, Base.AddHours(hour))
        {
            FinishedAt = Base.AddHours(hour),
            Result = result,
            Changes = [.. changes.Select(c => new Change(c, null))],
            Source = "test",
        };
        var finished = Base.AddHours(2);
        await store.RecordAsync(
        [
            new ChangeEvent("a-m1", "merged", new Change("a-c1", Base)),
            new ChangeEvent("a-m2", "merged", new Change("a-c2", Base)),
            new ChangeEvent("a-m3", "merged", new Change("a-c3", Base)),
            new ChangeEvent("a-m4", "merged", new Change("a-c4", Base)),
            new DeployEvent("a-1", "deployed", Api("a-d1", 1, DeployResult.Success, "a-c1")),
            new DeployEvent("a-2", "deployed", Api(AmendedKey, 2, DeployResult.Success, "a-c2")),
            new DeployEvent("a-3", "deployed", Api("a-d3", 3, DeployResult.Failed, "a-c3")),
            new DeployEvent("a-4", "deployed", Api("a-d4", 4, DeployResult.Success, "a-c4")),
            new DeployWatchEvent("a-4-failed", "tollgate.deploy.watch", "a-d4", DeployWatch.Failed, Base.AddHours(4.5)),
            new DeployStatusEvent("watch-window:a-d4", "tollgate.deploy.failed", "a-d4", DeployResult.Failed, Base.AddHours(4)),
            new DeployEvent("a-5", "deployed", Api("a-d5", 25, DeployResult.Success, "a-c2", "a-c3")),
        ]);
        await store.RecordAsync([new DeployStatusEvent($"amended:{AmendedKey}@{Base.AddDays(1).ToUnixTimeMilliseconds()}", DeployRow.AmendedType, AmendedKey, DeployResult.Failed, finished)]);
        return new DoraWindow(Base, Base.AddDays(3));
    }
}
