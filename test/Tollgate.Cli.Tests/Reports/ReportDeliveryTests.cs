using System.Runtime.InteropServices;
using System.Text.Json;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// <c>--output</c> on the command line: a file is replaced whole (a hard link to the ledger or an input keeps its
/// contents), a device is written in place, and a report that cannot be written after its verdict was recorded says so.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReportDeliveryTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delivery-").FullName;

    public ReportDeliveryTests() => File.Copy(Fixture, Path.Combine(_dir, "plan.json"));

    [Fact]
    public async Task Plan_OutputIsAHardLinkToTheLedger_TheLedgerKeepsEveryVerdict()
    {
        (await CliRun.RunAsync(_dir, "plan", "plan.json")).ExitCode.ShouldBe(2);
        var ledger = Path.Combine(_dir, ".tollgate", "ledger.db");
        Link(ledger, Path.Combine(_dir, "hard.db")).ShouldBe(0);

        var run = await CliRun.RunAsync(_dir, "plan", "plan.json", "-o", "hard.db");

        run.ExitCode.ShouldBe(2, run.Error);
        (await File.ReadAllTextAsync(Path.Combine(_dir, "hard.db"))).ShouldStartWith("REVIEW  terraform-plan");
        (await RecordedAsync()).ShouldBe([("review", 2), ("review", 2)]);
    }

    [Fact]
    public async Task Plan_OutputIsAHardLinkToTheInput_TheInputIsUntouched()
    {
        var before = await File.ReadAllBytesAsync(Path.Combine(_dir, "plan.json"));
        Link(Path.Combine(_dir, "plan.json"), Path.Combine(_dir, "hard.json")).ShouldBe(0);

        var run = await CliRun.RunAsync(_dir, "plan", "plan.json", "--format", "json", "-o", "hard.json");

        run.ExitCode.ShouldBe(2, run.Error);
        (await File.ReadAllBytesAsync(Path.Combine(_dir, "plan.json"))).ShouldBe(before);
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "hard.json"))).RootElement.GetProperty("verdict").GetString().ShouldBe("review");
    }

    [Fact]
    public async Task Plan_OutputIsDevNull_WritesToItAndLeavesTheDevice()
    {
        var run = await CliRun.RunAsync(_dir, "plan", "plan.json", "--format", "json", "-o", "/dev/null");

        run.ExitCode.ShouldBe(2, run.Error);
        run.Error.ShouldEndWith("(report written to /dev/null)\n");
        FileKind.Stat("/dev/null", followLinks: false).Type.ShouldBe(0x2000); // a character device still
    }

    [Fact]
    public async Task Plan_ReportCannotBeWrittenAfterTheVerdictIsRecorded_OneLineSaysTheVerdictIsRecorded()
    {
        var run = await CliRun.RunAsync(_dir, "plan", "plan.json", "-o", "/dev/full");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: the verdict (review) is recorded in the ledger; the report could not be written to /dev/full: no space left on the device\n");
        (await RecordedAsync()).ShouldBe([("review", 2)]);
    }

    public static TheoryData<string[]> Writers => new()
    {
        { ["plan", "plan.json", "-o", "OUT"] },
        { ["plan", "plan.json", "--format", "json", "-o", "OUT"] },
        { ["plan", "plan.json", "--format", "sarif", "-o", "OUT"] },
        { ["model", "alert-rules", "fraud", "-o", "OUT"] },
        { ["model", "profile", "ref.csv", "-o", "OUT"] },
        { ["dora", "-o", "OUT"] },
        { ["verdicts", "-o", "OUT"] },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Write_OverAnExistingFileInAMissingDirectory_ReplacesItWholeAndLeavesNothingElse(string[] args)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "ref.csv"), "amount,country\n1.5,de\n2.5,fr\n");
        await CliRun.RunAsync(_dir, "plan", "plan.json"); // a ledger for dora and verdicts to read
        var reports = Path.Combine(_dir, "out", "new");
        var target = Path.Combine(reports, "written");

        var first = await CliRun.RunAsync(_dir, [.. args.Select(a => a == "OUT" ? "out/new/written" : a)]);
        await File.WriteAllTextAsync(target, "old");
        var second = await CliRun.RunAsync(_dir, [.. args.Select(a => a == "OUT" ? "out/new/written" : a)]);

        first.ExitCode.ShouldBeInRange(0, 2, first.Error);
        second.ExitCode.ShouldBe(first.ExitCode, second.Error);
        (await File.ReadAllTextAsync(target)).Length.ShouldBeGreaterThan(10);
        Directory.GetFileSystemEntries(reports).ShouldBe([target]);
    }

    private async Task<(string Verdict, int ExitCode)[]> RecordedAsync()
    {
        var run = await CliRun.RunAsync(_dir, "verdicts", "--format", "json");
        return [.. JsonDocument.Parse(run.Out).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("verdict").GetString()!, i.GetProperty("exitCode").GetInt32()))];
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Link(string existing, string created);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
