using Tollgate.Cli.Tests.Hosting;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>Every file a command writes goes through <c>OutputFile</c>: a failure is one line in our words and exit 3.</summary>
public sealed class OutputFileTests
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    public static TheoryData<string[]> Writers => new()
    {
        { ["plan", Plan, "--output", "OUT"] },
        { ["plan", Plan, "--format", "json", "--output", "OUT"] },
        { ["plan", Plan, "--format", "markdown", "-o", "OUT"] },
        { ["model", "alert-rules", "fraud", "-o", "OUT"] },
        { ["model", "profile", "ref.csv", "-o", "OUT"] },
        { ["dora", "-o", "OUT"] },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Write_OutputIsADirectory_SaysSoInOneLine(string[] args)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-out-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "ref.csv"), "amount,country\n1.5,de\n2.5,fr\n");
        var target = Directory.CreateDirectory(Path.Combine(dir, "reports")).FullName;
        await (await Ledger.LedgerLocation.OpenAsync(null, dir, TimeProvider.System)).DisposeAsync(); // dora reads a ledger that is there

        var run = await CliRun.RunAsync(dir, args.Select(a => a == "OUT" ? target : a).ToArray());

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldMatch($@"^tollgate: error: cannot write the (report|alerting rules|profile) to {target}: it is a directory\n$");
    }

    [Fact]
    public async Task Write_ParentIsAFile_NamesTheFile()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-out-").FullName;
        var file = Path.Combine(dir, "taken");
        await File.WriteAllTextAsync(file, "x");

        var run = await CliRun.RunAsync(dir, "model", "alert-rules", "fraud", "-o", "taken/rules.yaml");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: cannot write the alerting rules to {file}/rules.yaml: {file} is a file, not a directory\n");
    }

    [Fact]
    public async Task Write_RelativeOutput_IsUnderTheWorkingDirectory()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-out-").FullName;

        var run = await CliRun.RunAsync(dir, "model", "alert-rules", "fraud", "-o", "rules/fraud.yaml");

        run.ExitCode.ShouldBe(0);
        (await File.ReadAllTextAsync(Path.Combine(dir, "rules", "fraud.yaml"))).ShouldContain("fraud");
    }

    /// <summary>The built binary has no resource strings (UseSystemResourceKeys): the words must be ours, not a key.</summary>
    [Theory]
    [InlineData("$TOLLGATE plan '{0}' --output /tmp", "tollgate: error: cannot write the report to /tmp: it is a directory")]
    [InlineData("$TOLLGATE model alert-rules fraud -o /tmp", "tollgate: error: cannot write the alerting rules to /tmp: it is a directory")]
    [InlineData("$TOLLGATE plan '{0}' --output /dev/full", "tollgate: error: the verdict (review) is recorded in the ledger; the report could not be written to /dev/full: no space left on the device")]
    public async Task Write_BuiltBinaryWithoutResourceStrings_WordsTheCause(string command, string message)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-out-").FullName;

        var (code, error) = await BuiltTollgate.ShellAsync(dir, string.Format(System.Globalization.CultureInfo.InvariantCulture, command, Plan) + "; echo \"exit $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe($"{message}\nexit 3\n");
    }
}
