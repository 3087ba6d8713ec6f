using System.Globalization;
using System.Text;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// SIGTERM or SIGINT while the real built binary ingests a large file into a new SQLite ledger: the ledger is not made
/// and the aside files it was built in (<c>.NAME.PID.….new</c>, its <c>-journal</c>) are removed, though the load's
/// statements do not stop within the stop wait.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IngestSignalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-sigingest-").FullName;

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task EventsIngest_SignalWhileANewLedgerIsBuilt_NoLedgerAndNoAsideFilesLeft(string signal, int expected)
    {
        await WriteDeploysAsync(Path.Combine(_dir, "events.ndjson"), 100_000);
        using var tollgate = BuiltTollgate.Start(_dir, null, "events", "ingest", "events.ndjson", "--ledger", "ledgers/d.db");
        var building = await ProcessProbe.AppearsAsync(() => Aside().Length > 0, TimeSpan.FromMinutes(2));

        tollgate.Signal(signal);
        var exit = await tollgate.ExitAsync(TimeSpan.FromSeconds(15));

        building.ShouldBeTrue("the new ledger was never being built");
        exit.Code.ShouldBe(expected, exit.Error);
        exit.Error.ShouldMatch($@"^tollgate: stopped by SIG{signal}( \(work in progress abandoned\))?\n$");
        Directory.Exists(Path.Combine(_dir, "ledgers")).ShouldBeFalse("the directory made for the ledger, with the ledger or its aside files");
        Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).ShouldBe(["events.ndjson"]);
    }

    private string[] Aside() =>
        Directory.Exists(Path.Combine(_dir, "ledgers")) ? Directory.GetFiles(Path.Combine(_dir, "ledgers"), ".d.db.*.new") : [];

    /// <summary><paramref name="count"/> CDEvents deploys of 40 services, one change each, a minute apart.</summary>
    private static async Task WriteDeploysAsync(string path, int count)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var committed = start.AddMinutes(i - 90).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await writer.WriteLineAsync(
                $$$"""{"context":{"specversion":"0.5.1","id":"d{{{i}}}","source":"/ci","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"{{{at}}}"},"subject":{"id":"service/svc{{{i % 40:D2}}}","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/svc@v{{{i}}}"}},"customData":{"changes":[{"id":"c{{{i}}}","committedAt":"{{{committed}}}"}],"result":"success","version":"v{{{i}}}"}}""");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
