using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tollgate.Cli.Tests.Hosting;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// One SQLite ledger written by parallel CI jobs, as the command line shows it: a write lock another connection holds
/// for a moment is waited for and the verdict recorded; one held past the ledger's wait (SQLite's busy timeout under
/// ADO.NET's 30-second command timeout) is exit 3 with one line naming the ledger, no report and nothing lost; two
/// processes recording at once are both recorded. The library-level case is <c>SqliteDeliveryFaultTests</c>.
/// </summary>
public sealed class BusyLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-busy-ledger-").FullName;

    private static string Plan => Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    private string Ledger => Path.Combine(_dir, "ledger.db");

    [Fact]
    public async Task Plan_AnotherConnectionHoldsTheWriteLockBriefly_WaitsAndRecordsTheVerdict()
    {
        (await PlanAsync()).ExitCode.ShouldBe(2);
        await using var holder = await HoldWriteLockAsync();

        var run = Task.Run(() => PlanAsync());
        var waited = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1.5)));
        Execute(holder, "COMMIT");
        var result = await run;

        waited.ShouldNotBe(run, "the command did not wait for the lock");
        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldBeEmpty();
        result.Out.ShouldStartWith("REVIEW  terraform-plan");
        Verdicts().ShouldBe(["review", "review"]);
    }

    [Fact]
    public async Task RecordingCommands_WriteLockHeldPastTheWait_Exit3OneLineNoReportAndEarlierRowsKept()
    {
        File.WriteAllText(Path.Combine(_dir, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "x\n1\n");
        (await PlanAsync()).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync(_dir, ["model", .. Register("1")])).ExitCode.ShouldBe(0);
        var before = Rows();
        var report = Path.Combine(_dir, "report.json");
        await using var holder = await HoldWriteLockAsync();

        // All at once, so the test waits out the ledger's wait (about 30 seconds) once.
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(
            Task.Run(() => PlanAsync()),
            Task.Run(() => PlanAsync("--format", "json", "--output", report)),
            Task.Run(() => CliRun.RunAsync(_dir, ["model", .. Register("2")])),
            Task.Run(() => CliRun.RunAsync(_dir, "approve", Plan, "--by", "alice", "--reason", "reviewed", "--ledger", Ledger)),
            Task.Run(() => CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v1", "--env", "production", "--ledger", Ledger)));
        var elapsed = clock.Elapsed;
        Execute(holder, "ROLLBACK");

        string[] doing = ["record the verdict in", "record the verdict in", "record a registration in", "record the approval in", "record a deploy in"];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i].ExitCode.ShouldBe(3, runs[i].Out);
            runs[i].Error.ShouldBe($"tollgate: error: cannot {doing[i]} the ledger at {Ledger}: the ledger is locked by another process for too long\n");
            runs[i].Out.ShouldBeEmpty();
        }

        elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(5), "the commands gave up without waiting for the lock");
        File.Exists(report).ShouldBeFalse("a report was written for a verdict that was not recorded");
        Rows().ShouldBe(before);
        Query("SELECT (SELECT COUNT(*) FROM approvals) || ' ' || (SELECT COUNT(*) FROM deploys) || ' ' || (SELECT group_concat(version) FROM model_versions)", r => r.GetString(0))
            .ShouldBe(["0 0 1"]);
        (await PlanAsync()).ExitCode.ShouldBe(2);
        Verdicts().ShouldBe(["review", "pass", "review"]);
    }

    [Fact]
    public async Task PlanAndModelRegister_TwoProcessesAtOnceOnANewLedger_EveryVerdictRecordedNoError()
    {
        File.WriteAllText(Path.Combine(_dir, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "x\n1\n");
        const int Rounds = 3;
        for (var round = 0; round < Rounds; round++)
        {
            using var plan = BuiltTollgate.Start(_dir, null, "plan", Plan, "--ledger", Ledger);
            using var register = BuiltTollgate.Start(_dir, null, "model", "register", "fraud", "--version", $"{round + 1}", "--artifact", "model.bin", "--dataset", "train.csv", "--ledger", Ledger);

            var planned = await plan.ExitAsync(TimeSpan.FromMinutes(1));
            var registered = await register.ExitAsync(TimeSpan.FromMinutes(1));

            planned.Error.ShouldBeEmpty();
            planned.Code.ShouldBe(2, planned.Out);
            registered.Error.ShouldBeEmpty();
            registered.Code.ShouldBe(0, registered.Out);
        }

        var kinds = Query("SELECT kind FROM verdicts ORDER BY id", r => r.GetString(0));
        kinds.Count(k => k == "terraform-plan").ShouldBe(Rounds);
        kinds.Count(k => k == "model-register").ShouldBe(Rounds);
        Query("SELECT version FROM model_versions WHERE name = 'fraud' ORDER BY CAST(version AS INTEGER)", r => r.GetString(0)).ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task Plan_FourProcessesAtOnceOnOneLedger_EachRecordedOnce()
    {
        (await PlanAsync()).ExitCode.ShouldBe(2);
        var runs = Enumerable.Range(0, 4).Select(_ => BuiltTollgate.Start(_dir, null, "plan", Plan, "--ledger", Ledger)).ToList();
        try
        {
            foreach (var run in runs)
            {
                var (code, output, error) = await run.ExitAsync(TimeSpan.FromMinutes(1));
                error.ShouldBeEmpty();
                code.ShouldBe(2, output);
            }
        }
        finally
        {
            runs.ForEach(r => r.Dispose());
        }

        Verdicts().Count.ShouldBe(5);
    }

    private string[] Register(string version) => ["register", "fraud", "--version", version, "--artifact", "model.bin", "--dataset", "train.csv", "--ledger", Ledger];

    private Task<CliRun> PlanAsync(params string[] extra) => CliRun.RunAsync(_dir, ["plan", Plan, "--ledger", Ledger, .. extra]);

    /// <summary>A second connection to the ledger inside <c>BEGIN IMMEDIATE</c>: SQLite's write lock, readers still served (WAL).</summary>
    private async Task<SqliteConnection> HoldWriteLockAsync()
    {
        var holder = new SqliteConnection($"Data Source={Ledger};Pooling=False");
        await holder.OpenAsync();
        Execute(holder, "BEGIN IMMEDIATE");
        return holder;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string> Verdicts() => Query("SELECT verdict FROM verdicts ORDER BY id", r => r.GetString(0));

    private List<string> Rows() =>
        Query("SELECT id || ' ' || recorded_at || ' ' || kind || ' ' || verdict || ' ' || exit_code || ' ' || length(findings) FROM verdicts ORDER BY id", r => r.GetString(0));

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={Ledger};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
