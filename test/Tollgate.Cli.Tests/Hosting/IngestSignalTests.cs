using System.Globalization;
using System.Text;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// SIGTERM or SIGINT while the real built binary ingests a large file into SQLite, sent when the writer says
/// (<c>TOLLGATE_TEST_STAGE=1</c>: one line on stderr) that every event is written and the batch's closing statements
/// (index builds, DORA days, commit) begin, which do not stop within the stop wait (the marker holds the stage two
/// seconds, uncancellable, so the signal lands there even when the statements are quick). Into a new ledger: the ledger is
/// not made and the aside files it was built in (<c>.NAME.PID.….new</c>, its <c>-journal</c>) are removed. Into an
/// existing ledger: everything recorded before is still there, and nothing of the stopped file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IngestSignalTests : IDisposable
{
    private const string Finishing = "tollgate: test stage: finish";
    private static readonly Dictionary<string, string> Marked = new() { ["TOLLGATE_TEST_STAGE"] = "1" };
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-sigingest-").FullName;

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task EventsIngest_SignalWhileANewLedgerIsBuilt_NoLedgerAndNoAsideFilesLeft(string signal, int expected)
    {
        await WriteDeploysAsync(Path.Combine(_dir, "events.ndjson"), "d", 100_000);
        using var tollgate = BuiltTollgate.Start(_dir, Marked, "events", "ingest", "events.ndjson", "--ledger", "ledgers/d.db");
        var finishing = await tollgate.ErrorLineAsync(Finishing, TimeSpan.FromMinutes(3));
        var building = Aside().Length > 0;

        tollgate.Signal(signal);
        var exit = await tollgate.ExitAsync(TimeSpan.FromSeconds(15));

        finishing.ShouldBeTrue($"the ingest never reached its closing statements: {exit.Error}");
        building.ShouldBeTrue("the new ledger was not being built aside");
        exit.Code.ShouldBe(expected, exit.Error);
        exit.Error.ShouldMatch($@"^{Finishing}\ntollgate: stopped by SIG{signal}( \(work in progress abandoned\))?\n$");
        Directory.Exists(Path.Combine(_dir, "ledgers")).ShouldBeFalse("the directory made for the ledger, with the ledger or its aside files");
        Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).ShouldBe(["events.ndjson"]);
    }

    [Fact]
    public async Task EventsIngest_SigtermInTheClosingStatementsOfAnExistingLedger_EverythingRecordedBeforeIsKept()
    {
        await WriteDeploysAsync(Path.Combine(_dir, "before.ndjson"), "p", 1_000);
        await WriteDeploysAsync(Path.Combine(_dir, "events.ndjson"), "d", 100_000);
        using (var first = BuiltTollgate.Start(_dir, Marked, "events", "ingest", "before.ndjson", "--ledger", "ledgers/d.db"))
        {
            var recorded = await first.ExitAsync(TimeSpan.FromMinutes(2));
            recorded.Code.ShouldBe(0, recorded.Error);
        }

        var before = Rows(Path.Combine(_dir, "ledgers", "d.db"));
        using var tollgate = BuiltTollgate.Start(_dir, Marked, "events", "ingest", "events.ndjson", "--ledger", "ledgers/d.db");
        var finishing = await tollgate.ErrorLineAsync(Finishing, TimeSpan.FromMinutes(3));

        tollgate.Signal("TERM");
        var exit = await tollgate.ExitAsync(TimeSpan.FromSeconds(15));

        finishing.ShouldBeTrue($"the ingest never reached its closing statements: {exit.Error}");
        exit.Code.ShouldBe(143, exit.Error);
        exit.Error.ShouldMatch($@"^{Finishing}\ntollgate: stopped by SIGTERM( \(work in progress abandoned\))?\n$");
        before.Deploys.Count.ShouldBe(1_000);
        before.Changes.ShouldBe(1_000);
        var after = Rows(Path.Combine(_dir, "ledgers", "d.db"));
        after.Integrity.ShouldBe("ok");
        after.Deploys.ShouldBe(before.Deploys); // every deploy recorded before, and none of the stopped file (it was never committed)
        after.Changes.ShouldBe(before.Changes);
        after.Days.ShouldBe(before.Days);
        Directory.GetFiles(Path.Combine(_dir, "ledgers"), ".d.db.*.new*").ShouldBeEmpty();
    }

    /// <summary>What the ledger holds, read as the next command would (a hot journal left by the stop is rolled back on open).</summary>
    private static (string Integrity, List<string> Deploys, long Changes, long Days) Rows(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
        }

        var deploys = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT deploy_key FROM deploys ORDER BY deploy_key";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                deploys.Add(reader.GetString(0));
            }
        }

        return (Scalar("PRAGMA integrity_check"), deploys, long.Parse(Scalar("SELECT count(*) FROM deploy_changes"), CultureInfo.InvariantCulture),
            long.Parse(Scalar("SELECT coalesce(sum(deploys), 0) FROM dora_days"), CultureInfo.InvariantCulture));
    }

    private string[] Aside() =>
        Directory.Exists(Path.Combine(_dir, "ledgers")) ? Directory.GetFiles(Path.Combine(_dir, "ledgers"), ".d.db.*.new") : [];

    /// <summary><paramref name="count"/> CDEvents deploys of 40 services, one change each, a minute apart, their ids starting with <paramref name="prefix"/>.</summary>
    private static async Task WriteDeploysAsync(string path, string prefix, int count)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var committed = start.AddMinutes(i - 90).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await writer.WriteLineAsync(
                $$$"""{"context":{"specversion":"0.5.1","id":"{{{prefix}}}{{{i}}}","source":"/ci","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"{{{at}}}"},"subject":{"id":"service/svc{{{i % 40:D2}}}","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/svc@{{{prefix}}}{{{i}}}"}},"customData":{"changes":[{"id":"{{{prefix}}}c{{{i}}}","committedAt":"{{{committed}}}"}],"result":"success","version":"v{{{i}}}"}}""");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
