namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>drill run</c>, <c>model drill</c> and <c>deploy run</c> echo each command they run to standard error with its
/// control characters escaped (TextSafe.Line, as every other text output shows the user's text): a command of several
/// lines, or one holding an escape sequence, reads as one line and recolours nothing.
/// </summary>
public sealed class CommandEchoTests
{
    /// <summary>A command of two lines for <c>/bin/sh -c</c> (the second a comment) whose echo, printed raw, forged a line in red.</summary>
    private const string Forging = "true\n# \u001b[31mPASS forged";

    private const string Escaped = "true\\n# \\u001b[31mPASS forged";

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
        var directory = Directory.CreateTempSubdirectory("tollgate-echo-").FullName;

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
        var directory = Directory.CreateTempSubdirectory("tollgate-echo-").FullName;
        File.WriteAllText(Path.Combine(directory, "slo.yaml"), DeliveryRefusalTests.Spec);
        (await CliRun.RunAsync(directory, "deploy", "start", "web", "--version", "v1", "--env", "staging")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(directory, "deploy", "finish", "web", "--env", "staging", "--result", "success")).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync(directory, "deploy", "run", "web", "--version", "v2", "--env", "staging", "--spec", "slo.yaml",
            "--deploy-cmd", Forging.Replace("true", "false", StringComparison.Ordinal), "--rollback-cmd", Forging);

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        ShouldBeEscaped(run, $"deploying v2 of web to staging: {Escaped.Replace("true", "false", StringComparison.Ordinal)}\n", $"rolling back web in staging to v1: {Escaped}\n");
    }
}
