using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// One deploy of a service and environment at a time: <c>deploy start</c> while a watch of it is under way, and
/// <c>deploy run</c> while another deploy is still inside its deploy command (its watch not begun), are refused with
/// one line naming the deploy under way, exit 3, nothing deployed or recorded.
/// </summary>
public sealed class DeployUnderWayTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-under-way-").FullName;

    public DeployUnderWayTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    private async Task<IReadOnlyList<Deploy>> DeploysAsync()
    {
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System);
        return await DeliveryStore.Of(ledger).DeploysAsync("web", "staging");
    }

    [Fact]
    public async Task DeployStart_WhileAWatchIsUnderWay_RefusedNamingItAndNothingRecorded()
    {
        await using (var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System))
        {
            var v2 = new Deploy("v2", "web", "staging", "v2", DeployIntent.Planned, Now.AddMinutes(-2)) { FinishedAt = Now.AddMinutes(-1), Result = DeployResult.Success };
            await DeliveryStore.Of(ledger).RecordAsync([new DeployEvent("v2", "test", v2), new DeployWatchEvent("watch-v2", "test", "v2", DeployWatch.Watching, Now.AddMinutes(-1))]);
        }

        var start = await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v3", "--env", "staging");

        start.ExitCode.ShouldBe(3, start.Out + start.Error);
        start.Error.ShouldBe("tollgate: error: v2 of web in staging is being watched (deployed 11:59:00Z; its watch ends by 12:19:00Z at the latest): "
            + "a deploy now would be judged on its traffic and it on this one's; wait for its verdict (or stop its watch, which records its hold) and run this again; nothing was deployed or recorded\n");
        (await DeploysAsync()).Select(d => d.Version).ShouldBe(["v2"]);
    }

    [Fact]
    public async Task DeployRun_WhileADeployStartIsNotFinished_RefusedNamingTheFinishThatClearsItAndNothingDeployed()
    {
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v2", "--env", "staging", "--at", "2026-11-26T11:58:00Z")).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync(_dir, "deploy", "run", "web", "--version", "v3", "--env", "staging", "--spec", "slo.yaml",
            "--deploy-cmd", "touch deployed", "--rollback-cmd", "touch rolled-back");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe("tollgate: error: v2 of web in staging was recorded started at 11:58:00Z (by deploy start or an event) and is not finished: "
            + "a deploy now would be judged on its traffic and it on this one's; once it is over, record it (tollgate deploy finish web --env staging --result success|failed, "
            + "failed if it never went out) and run this again, or wait until 12:08:00Z (--timeout); nothing was deployed or recorded\n");
        File.Exists(Path.Combine(_dir, "deployed")).ShouldBeFalse();
        (await DeploysAsync()).ShouldHaveSingleItem().Result.ShouldBe(DeployResult.Running);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
