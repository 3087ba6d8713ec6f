using Tollgate.Ledger;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// An empty or blank <c>--exec</c> or <c>--check</c> (<c>--exec "$SERVE"</c> with the variable unset) is bad input:
/// one line and exit 3 before any hook runs or anything is recorded, not a hook run as the version alone ("2: not
/// found") whose failure is recorded, after a drill has already moved serving to the previous version.
/// </summary>
public sealed class ModelEmptyHookTests
{
    /// <summary>fraud@2 in production, fraud@1 before it: a rollback and a drill each have a version to move to.</summary>
    internal static async Task<string> TwoProductionVersionsAsync()
    {
        var directory = await ModelSteps.RunAsync("tollgate-empty-hook-", ModelSteps.Register("1"), ModelSteps.Register("2"), ["promote", "fraud@1", "--initial"]);
        await ModelSteps.InProductionAsync(directory, "2");
        return directory;
    }

    /// <summary>Every stage move (the lineage's history) and every verdict recorded so far.</summary>
    internal static async Task<string> HistoryAsync(string directory)
    {
        var lineage = await CliRun.RunAsync(directory, "model", "lineage", "fraud");
        lineage.ExitCode.ShouldBe(0, lineage.Error);
        await using var ledger = await LedgerLocation.OpenAsync(null, directory, TimeProvider.System);
        var verdicts = await ledger.RecentAsync(null, 100);
        return lineage.Out + string.Join("\n", verdicts.Select(v => $"{v.Kind} {v.Verdict}"));
    }

    [Theory]
    [InlineData("rollback", "fraud", "--exec", "", "--exec is empty (an unset variable?): give the command that serves a version")]
    [InlineData("rollback", "fraud", "--exec", "   ", "--exec is empty (an unset variable?): give the command that serves a version")]
    [InlineData("drill", "fraud", "--exec", "", "--exec is empty (an unset variable?): give the command that serves a version")]
    [InlineData("drill", "fraud", "--exec", "echo {version} >> served.txt", "--check", "", "--check is empty (an unset variable?): give the command that checks a version")]
    [InlineData("rollback", "fraud", "--exec", "./serve.sh # prod", "--exec './serve.sh # prod' has no {version} and ends where the version cannot be its last argument (in a comment")]
    [InlineData("rollback", "fraud", "--exec", "./serve.sh;", "--exec './serve.sh;' has no {version} and ends where the version cannot be its last argument")]
    [InlineData("drill", "fraud", "--exec", "echo {version} >> served.txt", "--check", "./smoke.sh &", "--check './smoke.sh &' has no {version} and ends where")]
    [InlineData("rollback", "fraud", "--exec", "echo >> served.txt \\", "--exec 'echo >> served.txt \\' has no {version} and ends in a lone '\\', which the shell passes as the argument '\\'")]
    [InlineData("drill", "fraud", "--exec", "echo {version} >> served.txt", "--check", "let ok=1", "--check 'let ok=1' has no {version} and ends where bash would evaluate the version as arithmetic")]
    public Task EmptyHook_Exit3WithOneLine_NothingRunNorRecorded(params string[] args) => RefusedAsync(args);

    /// <summary>
    /// <c>tollgate model ARGS…</c> (all of <paramref name="args"/> but the last) on two production versions is exit 3 with
    /// one line starting with the last, and nothing ran, was recorded or moved.
    /// </summary>
    internal static async Task RefusedAsync(string[] args)
    {
        var directory = await TwoProductionVersionsAsync();
        var before = await HistoryAsync(directory);

        var run = await CliRun.RunAsync(directory, ["model", .. args[..^1]]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldStartWith($"tollgate: error: {args[^1]}");
        run.Error.TrimEnd('\n').ShouldNotContain('\n');
        File.Exists(Path.Combine(directory, "served.txt")).ShouldBeFalse("no hook may run");
        (await HistoryAsync(directory)).ShouldBe(before);
        (await CliRun.RunAsync(directory, "model", "live", "fraud")).Out.ShouldStartWith("fraud@2 ");
    }

    [Fact]
    public async Task Rollback_HookWithoutPlaceholderEndingInANewline_GetsTheVersionAsItsLastArgument()
    {
        // Before: the version was appended after the newline, a command of its own ("1: not found"), and the
        // hook's failure recorded; in a comment it was swallowed; after ';' it was run as a command.
        var directory = await TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "rollback", "fraud", "--exec", "printf '%s\\n' >> served.txt\n\n");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("1\n");
    }

    [Fact]
    public async Task Rollback_HookWithoutPlaceholderEndingInALineContinuation_GetsTheVersionAsItsLastArgument()
    {
        // Before: the newline after the backslash was trimmed, so it escaped the space before the version and the
        // hook received " 1" (a space and the version).
        var directory = await TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "rollback", "fraud", "--exec", "printf '%s\\n' >> served.txt \\\n");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("1\n");
    }

    [Fact]
    public async Task Drill_HooksGiven_StillRunsBothWays()
    {
        var directory = await TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "drill", "fraud", "--exec", "echo {version} >> served.txt", "--check", "true");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("1\n2\n");
    }
}
