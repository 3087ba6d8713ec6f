using System.Diagnostics;
using Microsoft.Data.Sqlite;
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
/// their deploy commands never run and nothing of theirs recorded. On SQLite the race is forced: the test holds the
/// ledger's write lock (readers still served, WAL) until every run has the ledger open and a few seconds more (6 s after
/// the runs started at most, whatever is seen), so each reaches its claim before any records; a check made outside the lock would let all three through at its release.
/// </summary>
public sealed class ConcurrentDeployRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-concurrent-runs-").FullName;

    public ConcurrentDeployRunTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    [Fact]
    public Task DeployRun_ThreeStartedAtOnceOnSqlite_OneDeploysTheOthersAreRefusedNamingIt() => ThreeAtOnceAsync(Path.Combine(_dir, "ledger.db"), holdWriteLock: true);

    [Fact]
    public async Task DeployRun_ThreeStartedAtOnceOnPostgres_OneDeploysTheOthersAreRefusedNamingIt() =>
        await ThreeAtOnceAsync(await PostgresServer.Shared.CreateDatabaseAsync());

    private async Task ThreeAtOnceAsync(string ledger, bool holdWriteLock = false)
    {
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "w1", "--env", "production", "--at", "2026-11-26T10:00:00Z", "--ledger", ledger)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "deploy", "finish", "web", "--env", "production", "--result", "success", "--at", "2026-11-26T10:05:00Z", "--ledger", ledger)).ExitCode.ShouldBe(0);

        // Each deploy command leaves a file and fails after 4 s: the one deploy rolls back (exit 1) without a watch.
        var held = holdWriteLock ? await HoldWriteLockAsync(ledger) : null;
        var started = Stopwatch.StartNew();
        var runs = "abc".Select(v => BuiltTollgate.Start(_dir, null, "deploy", "run", "web", "--version", $"w2{v}", "--env", "production", "--spec", "slo.yaml",
            "--deploy-cmd", $"touch deployed-w2{v}; sleep 4; exit 1", "--rollback-cmd", "true", "--ledger", ledger)).ToList();
        var exits = new List<(int Code, string Out, string Error)>();
        try
        {
            if (held is not null)
            {
                await AllAtTheirClaimAsync(runs, ledger, started);
                await held.DisposeAsync(); // rolls back: nothing was written under it
                held = null;
            }

            foreach (var run in runs)
            {
                exits.Add(await run.ExitAsync(TimeSpan.FromMinutes(2)));
            }
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync();
            }

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

    /// <summary>A connection of the test's inside <c>BEGIN IMMEDIATE</c>: SQLite's write lock, readers still served (WAL).</summary>
    private static async Task<SqliteConnection> HoldWriteLockAsync(string ledger)
    {
        var holder = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await holder.OpenAsync();
        using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return holder;
    }

    /// <summary>
    /// Once every run has the ledger open (its checks of the options, spec and Prometheus done), three seconds more for its
    /// reads before the claim; whatever is seen, the lock is let go 6 s after the runs started (a run whose descriptors are
    /// never seen, behind a wrapper process, is not waited for), well within the 10 s its busy timeout waits for the lock
    /// from its claim on, which is later still. A run not at its claim by then meets the others' claims as it would
    /// unforced: the assertions hold either way, only the race is less sure to be forced.
    /// </summary>
    private static async Task AllAtTheirClaimAsync(IReadOnlyList<BuiltTollgate> runs, string ledger, Stopwatch started)
    {
        var cap = TimeSpan.FromSeconds(6);
        var path = RealPath(ledger);
        while (started.Elapsed < cap && runs.Count(r => HasOpen(r.Id, path)) < runs.Count)
        {
            await Task.Delay(50);
        }

        var more = cap - started.Elapsed;
        if (more > TimeSpan.Zero)
        {
            await Task.Delay(more < TimeSpan.FromSeconds(3) ? more : TimeSpan.FromSeconds(3));
        }
    }

    private static bool HasOpen(int pid, string path)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget == path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // ended, or its descriptors changing as they are read
        }
    }

    /// <summary>
    /// <paramref name="path"/> with every symbolic link in it followed, as the kernel names an open file in
    /// <c>/proc/PID/fd</c> (realpath(3)): a temporary directory under a symlinked TMPDIR would never match otherwise.
    /// </summary>
    private static string RealPath(string path, int depth = 0)
    {
        var resolved = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            resolved = new FileInfo(next).LinkTarget is { } target && depth < 40
                ? RealPath(Path.Combine(resolved, target), depth + 1) // relative to the directory holding the link
                : next;
        }

        return resolved;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
