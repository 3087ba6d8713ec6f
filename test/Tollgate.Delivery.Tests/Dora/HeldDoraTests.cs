using Tollgate.Delivery.Dora;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>
/// <c>tollgate dora</c> over deploys whose watch held (deadline passed, no decision: <c>hold</c> is "not decided yet",
/// never a pass): a held deploy is a deployment but not a known good one, left out of the change failure rate as an
/// unwatched one is; one the next deploy rolled back, or recorded failed afterwards, is a failed change. checkout: v1
/// good, v2 held then v3 passed. pay: p1 good, p2 held then rolled back 30 min later (r1). api: a1 held, then recorded
/// failed (abandoned). On both engines, fast path and full history alike.
/// </summary>
public abstract class HeldDoraTests : DoraLedgerTests
{
    private static DeployEvent Deployed(string id, string service, double hours, DeployIntent intent = DeployIntent.Planned) =>
        new(id, "test", new Deploy(id, service, "production", id, intent, T0.AddHours(hours)) { FinishedAt = T0.AddHours(hours), Result = DeployResult.Success });

    private static DeployWatchEvent Watched(string id, DeployWatch watch, double hours) => new($"{id}-{watch}", "tollgate.deploy.watch", id, watch, T0.AddHours(hours));

    private async Task RecordHistoryAsync()
    {
        await Store.RecordAsync([
            Deployed("v1", "checkout", -20), Deployed("v2", "checkout", -10), Deployed("v3", "checkout", -5),
            Deployed("p1", "pay", -20), Deployed("p2", "pay", -10), Deployed("r1", "pay", -9.5, DeployIntent.Rollback),
            Deployed("a1", "api", -10),
        ]);
        await Store.RecordAsync([
            Watched("v2", DeployWatch.Watching, -10), Watched("v2", DeployWatch.Held, -9), Watched("v3", DeployWatch.Watching, -5), Watched("v3", DeployWatch.Passed, -4),
            Watched("p2", DeployWatch.Watching, -10), Watched("p2", DeployWatch.Held, -9.8),
            Watched("a1", DeployWatch.Watching, -10), Watched("a1", DeployWatch.Held, -9),
        ]);
        await Store.RecordAsync([new DeployStatusEvent("a1-abandoned", "test", "a1", DeployResult.Failed, T0.AddHours(-8))]);
    }

    [Fact]
    public async Task RunAsync_HeldDeploys_LeftOutUnlessRolledBackOrRecordedFailed()
    {
        await RecordHistoryAsync();

        var (fast, full) = await DoraAsync();

        foreach (var dora in new[] { fast, full })
        {
            var byService = dora.Services.ToDictionary(s => s.Service);
            var checkout = byService["checkout"];
            (checkout.Deployments, checkout.FailedDeployments, checkout.Held).ShouldBe((3, 0, 1), "v2 held and nothing shows it failed: not known good");
            checkout.ChangeFailureRate.ShouldBe(0.0, "0 of v1 and v3; v2 is left out");
            var pay = byService["pay"];
            (pay.Deployments, pay.FailedDeployments, pay.Held).ShouldBe((3, 1, 0), "p2 held and the next deploy rolled it back: failed");
            pay.ChangeFailureRate!.Value.ShouldBe(1.0 / 3, 1e-12);
            pay.RecoveryMinutes.Median.ShouldBe(30, "recovered by the rollback 30 min later");
            var api = byService["api"];
            (api.Deployments, api.FailedDeployments, api.Held, api.ChangeFailureRate).ShouldBe((1, 1, 0, 1.0), "a1 held, then recorded failed");
        }

        DoraText.Render(fast).ShouldContain(
            "\ncheckout: 1 deploy whose watch held (no decision by its deadline: not verified), left out of the failure rate until a watch judges it or it is rolled back\n");
        DoraJson.Serialize(fast).ShouldContain("\"unwatched\": 0,\n      \"held\": 1,");
        (full.Services.Single(s => s.Service == "checkout") with { Levels = [] })
            .ShouldBe(fast.Services.Single(s => s.Service == "checkout") with { Levels = [] }, "the fast path and the full history agree");
    }

    [Fact]
    public async Task RunAsync_HeldDeployResumedAndPassed_CountsAsAGoodDeploy()
    {
        await RecordHistoryAsync();
        await Store.RecordAsync([Watched("v2", DeployWatch.Passed, 0)]);

        var (fast, _) = await DoraAsync();

        var checkout = fast.Services.Single(s => s.Service == "checkout");
        (checkout.Deployments, checkout.FailedDeployments, checkout.Held, checkout.ChangeFailureRate).ShouldBe((3, 0, 0, 0.0));
        DoraText.Render(fast).ShouldNotContain("whose watch held");
    }

    [Fact]
    public async Task RunAsync_HeldDeployFollowedByAPlannedDeployThenARollback_TheRollbackUndidTheLaterOne()
    {
        await Store.RecordAsync([Deployed("v1", "checkout", -20), Deployed("v2", "checkout", -10), Deployed("v3", "checkout", -5), Deployed("r1", "checkout", -4, DeployIntent.Rollback)]);
        await Store.RecordAsync([Watched("v2", DeployWatch.Watching, -10), Watched("v2", DeployWatch.Held, -9)]);

        var (fast, full) = await DoraAsync();

        foreach (var dora in new[] { fast, full })
        {
            var checkout = dora.Services.ShouldHaveSingleItem();
            (checkout.Deployments, checkout.FailedDeployments, checkout.Held).ShouldBe((4, 1, 1), "r1 rolled v3 back (failed), not v2 (still held)");
        }
    }
}

public sealed class SqliteHeldDoraTests : HeldDoraTests
{
    protected override Task<string> ConnectionAsync(string directory) => Task.FromResult(Path.Combine(directory, "ledger.db"));
}

public sealed class PostgresHeldDoraTests : HeldDoraTests
{
    protected override Task<string> ConnectionAsync(string directory) => PostgresServer.Shared.CreateDatabaseAsync();
}
