using System.Text.Json;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// The real built binary under a file-size limit (<c>prlimit --fsize</c>, as <c>ulimit -f</c> sets it): a report or a
/// verdict that would grow a file past it is one line and exit 3, where SIGXFSZ killed the process (exit 153, nothing
/// said); the previous report stays, no hidden file is left, and the ledger keeps what it had.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileSizeLimitTests : IDisposable
{
    // 40 KB: room for the ledger's 32 KB -shm index, not for the 75 KB report of a verdict with 300 findings, nor for
    // that verdict's pages in the write-ahead log.
    private const int Limit = 40 * 1024;
    private const string Previous = "{\"verdict\":\"pass\"}\n";
    private const string TooLarge = "the file would be too large (past the file-size limit, ulimit -f, or the largest file the file system holds)";

    // The JIT's double-mapped code memory is a file the limit applies to (the runtime would not start); the native
    // binary has none.
    private static readonly Dictionary<string, string> NoDoubleMapping = new() { ["DOTNET_EnableWriteXorExecute"] = "0" };

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-fsize-").FullName;

    private string Ledger => Path.Combine(_dir, ".tollgate", "ledger.db");

    [Fact]
    public async Task Verdicts_ReportPastTheFileSizeLimit_OneLineExit3AndThePreviousReportStays()
    {
        await RecordBigVerdictAsync();
        var report = Path.Combine(_dir, "report.json");
        var whole = await CliRun.RunAsync(_dir, "verdicts", "1", "--format", "json", "-o", "whole.json");
        await File.WriteAllTextAsync(report, Previous);

        var run = await LimitedAsync("verdicts", "1", "--format", "json", "-o", "report.json");

        whole.ExitCode.ShouldBe(0, whole.Error);
        new FileInfo(Path.Combine(_dir, "whole.json")).Length.ShouldBeGreaterThan(Limit);
        run.Code.ShouldBe(3, run.Error);
        run.Error.ShouldBe($"tollgate: error: cannot write the report to {report}: the file would be too large\n");
        (await File.ReadAllTextAsync(report)).ShouldBe(Previous);
        Directory.GetFiles(_dir, ".report.json.tollgate-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_VerdictPastTheFileSizeLimit_OneLineExit3AndTheLedgerKeepsWhatItHad()
    {
        await RecordBigVerdictAsync();

        var run = await LimitedAsync("plan", "plan.json");
        var after = await CliRun.RunAsync(_dir, "verdicts", "--format", "json");

        run.Code.ShouldBe(3, run.Error);
        run.Error.ShouldBe($"tollgate: error: cannot record the verdict in the ledger at {Ledger}: {TooLarge}\n");
        after.ExitCode.ShouldBe(0, after.Error);
        JsonDocument.Parse(after.Out).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldBe([1]);
    }

    // Verdict 1: a plan deleting 300 resources, recorded without a limit.
    private async Task RecordBigVerdictAsync()
    {
        await ReportSignalTests.WriteDeletesAsync(Path.Combine(_dir, "plan.json"), 300);
        var recorded = await CliRun.RunAsync(_dir, "plan", "plan.json");
        recorded.ExitCode.ShouldBe(2, recorded.Error);
    }

    private Task<(int Code, string Out, string Error)> LimitedAsync(params string[] args) =>
        BuiltTollgate.RunUnderAsync(_dir, NoDoubleMapping, ["prlimit", $"--fsize={Limit}"], args);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
