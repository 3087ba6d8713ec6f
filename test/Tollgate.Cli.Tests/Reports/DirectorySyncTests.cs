using System.Text.RegularExpressions;
using Tollgate.Cli.Tests.Hosting;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// An <c>--output</c> file renamed into place has its directory flushed after the rename, so the new name survives a
/// power loss as its bytes do: seen in the system calls of the real built binary (<c>strace</c>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DirectorySyncTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-dirsync-").FullName;

    [Fact]
    public async Task Plan_OutputRenamedIntoPlace_ItsDirectoryIsOpenedAndFlushedAfterTheRename()
    {
        File.Copy(Fixture, Path.Combine(_dir, "plan.json"));
        var log = Path.Combine(_dir, "strace.log");
        var directory = Path.Combine(_dir, "reports");
        var report = Path.Combine(directory, "report.json");

        var run = await BuiltTollgate.RunUnderAsync(_dir, null, ["strace", "-f", "-qq", "-o", log, "-e", "trace=openat,fsync,rename,renameat,renameat2"],
            "plan", "plan.json", "--format", "json", "-o", report);

        run.Code.ShouldBe(2, run.Error);
        (await File.ReadAllTextAsync(report)).ShouldContain("\"verdict\": \"review\"");
        var calls = await File.ReadAllLinesAsync(log);
        var renamed = Array.FindIndex(calls, c => c.Contains("rename", StringComparison.Ordinal) && c.Contains("/.report.json.tollgate-", StringComparison.Ordinal)
            && c.Contains($"\"{report}\"", StringComparison.Ordinal) && c.EndsWith("= 0", StringComparison.Ordinal));
        renamed.ShouldBeGreaterThanOrEqualTo(0, "the hidden file was never renamed over the report");
        FlushedAfter(calls, renamed, directory);
    }

    [Fact]
    public async Task Plan_OutputInDirectoriesItMade_EachNewDirectorysParentIsFlushedToo()
    {
        File.Copy(Fixture, Path.Combine(_dir, "plan.json"));
        var log = Path.Combine(_dir, "strace.log");
        var report = Path.Combine(_dir, "reports", "2026", "12", "report.json");

        var run = await BuiltTollgate.RunUnderAsync(_dir, null, ["strace", "-f", "-qq", "-o", log, "-e", "trace=openat,fsync,rename,renameat,renameat2"],
            "plan", "plan.json", "--format", "json", "-o", report);

        run.Code.ShouldBe(2, run.Error);
        var calls = await File.ReadAllLinesAsync(log);
        var renamed = Array.FindIndex(calls, c => c.Contains("rename", StringComparison.Ordinal) && c.Contains($"\"{report}\"", StringComparison.Ordinal) && c.EndsWith("= 0", StringComparison.Ordinal));
        renamed.ShouldBeGreaterThanOrEqualTo(0, "the hidden file was never renamed over the report");
        foreach (var flushed in new[] { "reports/2026/12", "reports/2026", "reports", "" })
        {
            FlushedAfter(calls, renamed, Path.TrimEndingDirectorySeparator(Path.Combine(_dir, flushed)));
        }
    }

    /// <summary>After the call at <paramref name="renamed"/>, <paramref name="directory"/> is opened and that descriptor fsynced, by the same thread.</summary>
    private static void FlushedAfter(string[] calls, int renamed, string directory)
    {
        var open = new Regex($@"^(\d+) +openat\(AT_FDCWD, ""{Regex.Escape(directory)}"", O_RDONLY[A-Z_|]*\) += (\d+)$");
        var opened = Array.FindIndex(calls, renamed + 1, c => open.IsMatch(c));
        opened.ShouldBeGreaterThan(renamed, $"{directory} was not opened after the rename");
        var (thread, descriptor) = (open.Match(calls[opened]).Groups[1].Value, open.Match(calls[opened]).Groups[2].Value);
        calls.Skip(opened + 1).ShouldContain(c => Regex.IsMatch(c, $@"^{thread} +fsync\({descriptor}\) += 0$"), $"{directory} was not flushed");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
