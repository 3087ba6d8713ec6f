using Tollgate.Cli.Tests.Hosting;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// Three <c>deploy run</c>s of one service and environment started at once (two merges to main a second apart), as three
/// real processes on one ledger: each checks for a deploy or watch under way seconds before it would record its own, so
/// all three passed that check and deployed. The check made again in the claim that records the deploy (BEGIN IMMEDIATE
/// on SQLite, an advisory lock on the target on PostgreSQL) lets one deploy; the others are refused naming it, exit 3,
/// their deploy commands never run and nothing of theirs recorded.
/// </summary>
public sealed class ConcurrentDeployRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-concurrent-runs-").FullName;

    public ConcurrentDeployRunTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    [Fact]
    public Task DeployRun_ThreeStartedAtOnceOnSqlite_OneDeploysTheOthersAreRefusedNamingIt() => ThreeAtOnceAsync(Path.Combine(_dir, "ledger.db"));

    [Fact]
    public async Task DeployRun_ThreeStartedAtOnceOnPostgres_OneDeploysTheOthersAreRefusedNamingIt() =>
        await ThreeAtOnceAsync(await PostgresServer.Shared.CreateDatabaseAsync());

    private async Task ThreeAtOnceAsync(string ledger)
    {
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "w1", "--env", "production", "--at", "2026-11-26T10:00:00Z", "--ledger", ledger)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "deploy", "finish", "web", "--env", "production", "--result", "success", "--at", "2026-11-26T10:05:00Z", "--ledger", ledger)).ExitCode.ShouldBe(0);

        // Each deploy command leaves a file and fails after 4 s: the one deploy rolls back (exit 1) without a watch.
        var runs = "abc".Select(v => BuiltTollgate.Start(_dir, null, "deploy", "run", "web", "--version", $"w2{v}", "--env", "production", "--spec", "slo.yaml",
            "--deploy-cmd", $"touch deployed-w2{v}; sleep 4; exit 1", "--rollback-cmd", "true", "--ledger", ledger)).ToList();
        var exits = new List<(int Code, string Out, string Error)>();
        try
        {
            foreach (var run in runs)
            {
                exits.Add(await run.ExitAsync(TimeSpan.FromMinutes(2)));
            }
        }
        finally
        {
            runs.ForEach(r => r.Dispose());
        }

        var all = string.Join("\n---\n", exits.Select(e => $"exit {e.Code}\n{e.Error}"));
        exits.Count(e => e.Code == 1).ShouldBe(1, all);
        var deployed = Directory.GetFiles(_dir, "deployed-*").Select(Path.GetFileName).ToList();
        deployed.Count.ShouldBe(1, all);
        var winner = deployed[0]!["deployed-".Length..];
        var refused = exits.Where(e => e.Code == 3).ToList();
        refused.Count.ShouldBe(2, all);
        refused.ShouldAllBe(e => e.Error.StartsWith($"tollgate: error: {winner} of web in production is being deployed by deploy run, pid ", StringComparison.Ordinal)
            && e.Error.TrimEnd().EndsWith("nothing was deployed or recorded", StringComparison.Ordinal) && !e.Error.TrimEnd().Contains('\n', StringComparison.Ordinal), all);

        await using var opened = await LedgerLocation.OpenAsync(ledger, _dir, TimeProvider.System);
        var versions = (await DeliveryStore.Of(opened).DeploysAsync("web", "production")).Select(d => d.Version).ToList();
        versions.Where(v => v.StartsWith("w2", StringComparison.Ordinal)).ShouldBe([winner], all); // its rollback (w1 again) aside
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
