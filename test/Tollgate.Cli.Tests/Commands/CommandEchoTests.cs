namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>drill run</c>, <c>model drill</c> and <c>deploy run</c> echo each command they run to standard error with its
/// control characters escaped (TextSafe.Line, as every other text output shows the user's text): a command of several
/// lines, or one holding an escape sequence, reads as one line and recolours nothing. So does each line of the
/// command's output echoed after it (<c>  | line</c>): an escape sequence, a carriage return, a C1 control or a bidi
/// override a hook prints is shown escaped, and ill-formed UTF-8 as U+FFFD.
/// </summary>
public sealed class CommandEchoTests
{
    /// <summary>A command of two lines for <c>/bin/sh -c</c> (the second a comment) whose echo, printed raw, forged a line in red.</summary>
    private const string Forging = "true\n# \u001b[31mPASS forged";

    private const string Escaped = "true\\n# \\u001b[31mPASS forged";

    /// <summary>
    /// Prints, after the version: clear screen, red, a carriage return back over "PASS", RLO (U+202E), CSI (U+009B),
    /// a byte that is no UTF-8 (0xFF) and an overlong ESC (0xC0 0x9B), a tab.
    /// </summary>
    private const string Printing = "printf '\\033[2J\\033[31mFAIL\\rPASS %s\\342\\200\\256x\\302\\233y\\377z\\300\\233\\tok\\n'";

    private static string PrintedEscaped(string version) => $"  | \\u001b[2J\\u001b[31mFAIL\\rPASS {version}\\u202ex\\u009by\ufffdz\ufffd\ufffd\\tok\n";

    private static void OutputShouldBeEscaped(CliRun run, params string[] versions)
    {
        run.Error.ShouldNotContain('\u001b');
        run.Error.ShouldNotContain('\r');
        run.Error.ShouldNotContain('\u202e');
        run.Error.ShouldNotContain('\u009b');
        foreach (var version in versions)
        {
            run.Error.ShouldContain(PrintedEscaped(version), Case.Sensitive);
        }
    }

    private static void ShouldBeEscaped(CliRun run, params string[] echoes)
    {
        run.Error.ShouldNotContain('\u001b');
        run.Error.Split('\n').ShouldNotContain(line => line.StartsWith("# ", StringComparison.Ordinal));
        foreach (var echo in echoes)
        {
            run.Error.ShouldContain(echo, Case.Sensitive);
        }
    }

    [Fact]
    public async Task DrillRun_CommandsWithANewlineAndAnEscape_EchoedEscaped()
    {
        // Before: "drill web: rollback: true", then a line "# PASS forged" in red.
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-echo-").FullName;

        var run = await CliRun.RunAsync(directory, "drill", "run", "web", "--new-service", "--rollback-cmd", Forging, "--forward-cmd", Forging, "--check-cmd", Forging);

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        ShouldBeEscaped(run, $"drill web: rollback: {Escaped}\n", $"drill web: check after rollback: {Escaped}\n", $"drill web: forward: {Escaped}\n");
    }

    [Fact]
    public async Task ModelDrill_HooksWithANewlineAndAnEscape_EchoedEscaped()
    {
        var directory = await ModelSteps.RunAsync("tollgate-echo-", ModelSteps.Register("1"), ModelSteps.Register("2"), ["promote", "fraud@1", "--initial"]);
        await ModelSteps.InProductionAsync(directory, "2");

        // The hook ends in a command, not the comment: a hook without {version} ending in a comment is refused.
        var run = await CliRun.RunAsync(directory, "model", "drill", "fraud", "--exec", Forging + "\ntrue", "--check", Forging + "\ntrue");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        ShouldBeEscaped(run, $"drill fraud: serve 1: TOLLGATE_MODEL_VERSION='1' {Escaped}\\ntrue \"${{TOLLGATE_MODEL_VERSION}}\"\n");
    }

    [Fact]
    public async Task DeployRun_DeployAndRollbackCommandsWithANewlineAndAnEscape_EchoedEscaped()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-echo-").FullName;
        File.WriteAllText(Path.Combine(directory, "slo.yaml"), DeliveryRefusalTests.Spec);
        (await CliRun.RunAsync(directory, "deploy", "start", "web", "--version", "v1", "--env", "staging")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(directory, "deploy", "finish", "web", "--env", "staging", "--result", "success")).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync(directory, "deploy", "run", "web", "--version", "v2", "--env", "staging", "--spec", "slo.yaml",
            "--deploy-cmd", Forging.Replace("true", "false", StringComparison.Ordinal), "--rollback-cmd", Forging);

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        ShouldBeEscaped(run, $"deploying v2 of web to staging: {Escaped.Replace("true", "false", StringComparison.Ordinal)}\n", $"rolling back web in staging to v1: {Escaped}\n");
    }

    [Fact]
    public async Task ModelDrill_HookPrintingControlCharactersAndBadUtf8_OutputEchoedEscaped()
    {
        // Before: each "  | " line passed ESC, CR, RLO and CSI to the terminal raw: the screen cleared, "FAIL" overwritten.
        var directory = await ModelSteps.RunAsync("tollgate-echo-", ModelSteps.Register("1"), ModelSteps.Register("2"), ["promote", "fraud@1", "--initial"]);
        await ModelSteps.InProductionAsync(directory, "2");

        var run = await CliRun.RunAsync(directory, "model", "drill", "fraud", "--exec", Printing + " {version}", "--check", Printing + " {version} >&2");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        OutputShouldBeEscaped(run, "1", "2");
        run.Error.ShouldContain("drill fraud: check 1: ", Case.Sensitive);
    }

    [Fact]
    public async Task DrillRun_CommandsPrintingControlCharactersAndBadUtf8_OutputEchoedEscaped()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-echo-").FullName;

        var run = await CliRun.RunAsync(directory, "drill", "run", "web", "--new-service", "--rollback-cmd", Printing + " old", "--forward-cmd", Printing + " new >&2");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        OutputShouldBeEscaped(run, "old", "new");
    }
}
