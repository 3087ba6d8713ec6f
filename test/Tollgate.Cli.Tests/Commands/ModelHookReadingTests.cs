namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model rollback</c> and <c>model drill</c> read a hook as <c>/bin/sh</c> does, here-documents included: the
/// version is the text of a here-document where <c>{version}</c> stands in its body, and the last argument of a last
/// line after one. Where it would be neither an argument nor data (after a here-document's delimiter line, in a
/// document whose delimiter is quoted, inside <c>$'…'</c> or arithmetic) the hook is exit 3 with one line before
/// anything runs or is recorded, where before it ran with the version as a line of the document, the text
/// <c>"${TOLLGATE_MODEL_VERSION}"</c>, or arithmetic.
/// </summary>
public sealed class ModelHookReadingTests
{
    [Theory]
    [InlineData("rollback", "fraud", "--exec", "cat >> served.txt <<EOF\nmodel: fraud\nEOF", "--exec 'cat >> served.txt <<EOF\\nmodel: fraud\\nEOF' has no {version} and ends in a here-document (<<EOF), where the version would be a line of its text, not an argument: write {version} where the version goes")]
    [InlineData("rollback", "fraud", "--exec", "cat >> served.txt <<EOF", "--exec 'cat >> served.txt <<EOF' has no {version} and ends in a here-document (<<EOF)")]
    [InlineData("drill", "fraud", "--exec", "echo {version} >> served.txt", "--check", "cat >> served.txt <<'EOF'\n{version}\nEOF", "--check 'cat >> served.txt <<'EOF'\\n{version}\\nEOF' has {version} in a here-document whose delimiter is quoted (<<'EOF'), where the shell expands nothing: unquote the delimiter (<<EOF)")]
    [InlineData("rollback", "fraud", "--exec", "printf '%s\\n' $'v\\t{version}' >> served.txt", "--exec 'printf '%s\\n' $'v\\t{version}' >> served.txt' has {version} inside $'…', which bash and dash read differently")]
    [InlineData("drill", "fraud", "--exec", "echo $(({version})) >> served.txt", "--exec 'echo $(({version})) >> served.txt' has {version} in arithmetic ($((…)), ((…)), $[…], let, ${var:offset}), where bash evaluates the version as arithmetic")]
    [InlineData("rollback", "fraud", "--exec", "[[ {version} -lt 2 ]] && echo {version} >> served.txt", "--exec '[[ {version} -lt 2 ]] && echo {version} >> served.txt' has {version} beside -eq, -ne, -lt, -le, -gt or -ge in [[ … ]], where bash evaluates the version as arithmetic (a[$(…)] in it would run): compare it as a string, [[ {version} == 3 ]], or as a number with [ {version} -eq 3 ]")]
    [InlineData("drill", "fraud", "--exec", "echo {version} >> served.txt", "--check", "let n={version}", "--check 'let n={version}' has {version} in arithmetic")]
    [InlineData("rollback", "fraud", "--exec", "served[{version}]=1; echo {version} >> served.txt", "--exec 'served[{version}]=1; echo {version} >> served.txt' has {version} in an array index (a[…]=, ${a[…]}, unset 'a[…]'), which bash evaluates as arithmetic")]
    [InlineData("rollback", "fraud", "--exec", "typeset -i n; n={version}; echo $n >> served.txt", "--exec 'typeset -i n; n={version}; echo $n >> served.txt' has {version} in a value for a variable declared integer")]
    [InlineData("rollback", "fraud", "--exec", "echo $[{version}] >> served.txt", "--exec 'echo $[{version}] >> served.txt' has {version} in arithmetic")]
    public Task Hook_VersionWouldBeNeitherArgumentNorData_Exit3WithOneLine_NothingRunNorRecorded(params string[] args) => ModelEmptyHookTests.RefusedAsync(args);

    [Fact]
    public async Task Rollback_PlaceholderAfterACasePatternInsideCommandSubstitution_HookReceivesTheVersion()
    {
        // Before: the ')' ending the pattern '2)' was read as closing $(…), so '{version}' in the single quotes after it
        // became ${TOLLGATE_MODEL_VERSION} inside them, and the hook wrote that text instead of the version.
        var directory = await ModelEmptyHookTests.TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "rollback", "fraud", "--exec", "printf '%s\\n' \"$(case {version} in 2) echo two;; *) printf '%s' '{version}';; esac)\" >> served.txt");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("1\n");
    }

    [Fact]
    public async Task Rollback_PlaceholderInAHereDocument_DocumentHoldsTheVersion()
    {
        // Before: {version} became "${TOLLGATE_MODEL_VERSION}" with its double quotes, which a here-document keeps.
        var directory = await ModelEmptyHookTests.TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "rollback", "fraud", "--exec", "cat >> served.txt <<EOF\nimage: reg/fraud:{version}\nit's \"{version}\"\nEOF");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("image: reg/fraud:1\nit's \"1\"\n");
    }

    [Fact]
    public async Task Drill_HookWithoutPlaceholderAfterAHereDocument_VersionIsTheLastLinesArgument()
    {
        // Before: the apostrophe in the document was read as opening a quote, and each step served the text
        // "${TOLLGATE_MODEL_VERSION}" instead of the version.
        var directory = await ModelEmptyHookTests.TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "drill", "fraud", "--exec", "cat >> notes.txt <<EOF\nit's a drill\nEOF\nprintf '%s\\n' >> served.txt");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("1\n2\n");
        File.ReadAllText(Path.Combine(directory, "notes.txt")).ShouldBe("it's a drill\nit's a drill\n");
    }

    [Fact]
    public async Task Rollback_HookWithoutPlaceholderEndingInABraceHoldingAHash_VersionIsTheLastArgument()
    {
        // Before: the '#' after a space inside ${…} was read as a comment and the hook refused (exit 3).
        var directory = await ModelEmptyHookTests.TwoProductionVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "rollback", "fraud", "--exec", "printf '%s\\n' ${TOLLGATE_UNSET_MODEL_DIR:-/srv/ #models} >> served.txt");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("/srv/\n#models\n1\n");
    }
}
