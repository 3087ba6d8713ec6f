namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// A report that cannot be delivered is one clear line and exit 3, never a silent success or a crash (exit 134); once the
/// verdict is recorded the line says so.
/// </summary>
public sealed class StandardOutputTests
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    [Theory]
    [InlineData(">&-", "tollgate: error: standard output is closed: redirect it to a file or /dev/null, or use --output FILE")]
    [InlineData("> /dev/full", "tollgate: error: the verdict (review) is recorded in the ledger; cannot write the report to standard output: No space left on device")]
    [InlineData("| true", "tollgate: error: the verdict (review) is recorded in the ledger; standard output was closed before the report was written (the program reading it exited)")]
    public async Task Plan_StandardOutputCannotTakeTheReport_ExitsThreeWithOneLine(string redirect, string message)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-stdout-").FullName;

        var (code, error) = await BuiltTollgate.ShellAsync(dir, redirect == "| true"
            ? $"{{ $TOLLGATE plan '{Plan}'; echo \"exit $?\" >&2; }} | true"
            : $"$TOLLGATE plan '{Plan}' {redirect}; echo \"exit $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe($"{message}\nexit 3\n");
    }

    [Theory]
    [InlineData("| true", "tollgate: note: the approval is recorded in the ledger; standard output was closed before its confirmation was written (the program reading it exited)\n")]
    [InlineData("| head -1 > first.txt", "")]
    public async Task Approve_ReaderClosesThePipe_ExitsZeroAndTheApprovalCounts(string reader, string note)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-stdout-").FullName;

        var (code, error) = await BuiltTollgate.ShellAsync(dir,
            $"{{ $TOLLGATE approve '{Plan}' --by bob --reason r; echo \"exit $?\" >&2; }} {reader}; $TOLLGATE plan '{Plan}' >/dev/null; echo \"plan $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe($"{note}exit 0\nplan 0\n"); // the plan gate counts the approval: it was recorded
        if (reader.Contains("head", StringComparison.Ordinal))
        {
            File.ReadAllText(Path.Combine(dir, "first.txt")).ShouldStartWith("approved sha256:");
        }
    }

    [Fact]
    public async Task Plan_StandardOutputClosed_RefusesBeforeRecordingAnything()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-stdout-").FullName;

        var (_, error) = await BuiltTollgate.ShellAsync(dir, $"$TOLLGATE plan '{Plan}' >&- ; echo \"exit $?\" >&2; ls .tollgate 2>/dev/null | wc -l >&2");

        error.ShouldBe("tollgate: error: standard output is closed: redirect it to a file or /dev/null, or use --output FILE\nexit 3\n0\n");
    }
}
