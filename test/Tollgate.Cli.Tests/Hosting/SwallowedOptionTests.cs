namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// An option given no value before another option: System.CommandLine took the next option for its value and told of
/// the word left over ("unexpected argument 'l.db'"); every command now names the option that lost its value, in one
/// line, exit 3, nothing recorded. A value that only starts with '-' is still a value.
/// </summary>
public sealed class SwallowedOptionTests
{
    private readonly string _directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-swallowed-").FullName;

    [Theory]
    [InlineData("deploy watch", "tollgate deploy watch --env needs a value (got the option --ledger)", "deploy", "watch", "checkout", "--env", "--ledger", "l.db")]
    [InlineData("plan", "tollgate plan --output needs a value (got the option --format)", "plan", "plan.json", "--output", "--format", "json")]
    [InlineData("plan", "tollgate plan --ledger needs a value (got the option -f)", "plan", "plan.json", "--ledger", "-f", "json")]
    [InlineData("canary", "tollgate canary --spec needs a value (got the option --prometheus)", "canary", "--spec", "--prometheus", "http://127.0.0.1:9")]
    [InlineData("model drift", "tollgate model drift --current needs a value (got the option --alpha)", "model", "drift", "--reference", "r.csv", "--current", "--alpha", "0.01")]
    [InlineData("approve", "tollgate approve --reason needs a value (got the option --by)", "approve", "x.json", "--reason", "--by", "alice")]
    public async Task Run_OptionGivenNoValueBeforeAnother_NamesTheOptionOneLineExit3(string command, string message, params string[] args)
    {
        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"tollgate: error: {message}");
        run.Error.ShouldEndWith($" (see tollgate {command} --help)\n");
        run.Error.ShouldContain($"; to give {args[Array.IndexOf(args, message.Split(' ')[^1].TrimEnd(')'))]} as its value, write ");
        run.Error.Count(c => c == '\n').ShouldBe(1);
        run.Out.ShouldBeEmpty();
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse("nothing is recorded");
    }

    [Fact]
    public async Task Run_ValueJoinedWithEquals_StaysTheValue()
    {
        var run = await CliRun.RunAsync(_directory, "deploy", "watch", "checkout", "--env=--ledger", "--spec", "slo.yaml");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldNotContain("needs a value");
    }

    [Theory]
    [InlineData("--min-effect -1 is out of range: above 0", "model", "drift", "--reference", "r.csv", "--current", "c.csv", "--min-effect", "-1")]
    [InlineData("--fan-out -5 is not a whole number of 1 or more", "graph", "g.dot", "--fan-out", "-5")]
    [InlineData("--terraform-timeout -5s is not a duration", "plan", "plan.json", "--terraform-timeout", "-5s")]
    public async Task Run_ValueStartingWithDash_StillTheOptionsValue(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain(message);
        run.Error.ShouldNotContain("needs a value");
    }
}
