using Tollgate.Testing;
using System.IO.Compression;
using System.Text.Json;

namespace Tollgate.Cli.Tests.Commands;

/// <summary><c>tollgate model drift</c> and <c>trend</c> on the files users have: gzip-compressed CSV, other separators, a header alone.</summary>
public sealed class ModelDriftInputTests
{
    [Fact]
    public async Task Drift_GzipCompressedFiles_JudgedAsThePlainFiles()
    {
        var dir = Copy();
        Gzip(Path.Combine(dir, "reference.csv"));
        Gzip(Path.Combine(dir, "current.csv"));

        var plain = await CliRun.RunAsync(dir, "model", "drift", "--reference", "reference.csv", "--current", "current.csv", "--slice-by", "region", "--format", "json", "--ledger", "a.db");
        var gzip = await CliRun.RunAsync(dir, "model", "drift", "--reference", "reference.csv.gz", "--current", "current.csv.gz", "--slice-by", "region", "--format", "json", "--ledger", "b.db");

        gzip.ExitCode.ShouldBe(1, gzip.Error);
        plain.ExitCode.ShouldBe(1, plain.Error);
        Findings(gzip.Out).ShouldBe(Findings(plain.Out));
        Findings(gzip.Out).ShouldContain(f => f.StartsWith("drift high income in region=eu: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drift_SemicolonSeparatedCurrent_Exit3InOneLine()
    {
        var dir = Copy();
        File.WriteAllText(Path.Combine(dir, "semi.csv"), File.ReadAllText(Path.Combine(dir, "current.csv")).Replace(',', ';'));

        var run = await CliRun.RunAsync(dir, "model", "drift", "--reference", "reference.csv", "--current", "semi.csv", "--ledger", "a.db");

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {Path.Combine(dir, "semi.csv")}: the header is one column, 'age;income;region;plan': the file looks separated by semicolons, and tollgate reads comma-separated CSV; convert it first\n");
        File.Exists(Path.Combine(dir, "a.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Drift_CurrentWithOnlyItsHeader_HoldsAsTooSmall()
    {
        // Before: "internal error: AggregateException" (two text features against a header-only file's columns).
        var dir = Copy();
        File.WriteAllText(Path.Combine(dir, "empty.csv"), File.ReadLines(Path.Combine(dir, "current.csv")).First() + "\n");

        var run = await CliRun.RunAsync(dir, "model", "drift", "--reference", "reference.csv", "--current", "empty.csv", "--format", "json", "--ledger", "a.db");

        run.ExitCode.ShouldBe(2, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("verdict").GetString().ShouldBe("hold");
        report.RootElement.GetProperty("reason").GetString()!.ShouldStartWith("too little data to judge 4 feature windows");
    }

    [Fact]
    public async Task Trend_GzipSeries_JudgedAsThePlainOne_AndSemicolonsNamed()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-trend-input-").FullName;
        File.Copy(Repository.File("examples", "models", "conversion.csv"), Path.Combine(dir, "conversion.csv"));
        Gzip(Path.Combine(dir, "conversion.csv"));
        File.WriteAllText(Path.Combine(dir, "semi.csv"), File.ReadAllText(Path.Combine(dir, "conversion.csv")).Replace(',', ';'));

        var plain = await CliRun.RunAsync(dir, "model", "trend", "--series", "conversion.csv", "--format", "json", "--ledger", "a.db");
        var gzip = await CliRun.RunAsync(dir, "model", "trend", "--series", "conversion.csv.gz", "--format", "json", "--ledger", "b.db");
        var semi = await CliRun.RunAsync(dir, "model", "trend", "--series", "semi.csv", "--ledger", "c.db");

        gzip.ExitCode.ShouldBe(1, gzip.Error);
        Findings(gzip.Out).ShouldBe(Findings(plain.Out));
        Findings(gzip.Out).ShouldHaveSingleItem().ShouldStartWith("trend ");
        semi.ExitCode.ShouldBe(3);
        semi.Error.ShouldBe($"tollgate: error: {Path.Combine(dir, "semi.csv")}:1: expected time,value (comma-separated; this line holds semicolons)\n");
    }

    private static string[] Findings(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("severity").GetString()} {f.GetProperty("message").GetString()}")];
    }

    private static string Copy()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-drift-input-").FullName;
        foreach (var name in new[] { "reference.csv", "current.csv" })
        {
            File.Copy(Repository.File("examples", "models", name), Path.Combine(dir, name));
        }

        return dir;
    }

    private static void Gzip(string path)
    {
        using var output = File.Create(path + ".gz");
        using var gzip = new GZipStream(output, CompressionLevel.Optimal);
        gzip.Write(File.ReadAllBytes(path));
    }
}
