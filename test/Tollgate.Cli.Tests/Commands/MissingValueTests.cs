namespace Tollgate.Cli.Tests.Commands;

/// <summary>A required argument or option left out is named in Tollgate's words, with what to give and the command's help.</summary>
public sealed class MissingValueTests
{
    private readonly string _directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-missing-").FullName;

    [Theory]
    [InlineData("tollgate plan needs PLAN: a plan file or a Terraform directory (see tollgate plan --help)", "plan")]
    [InlineData("tollgate k8s lint needs MANIFESTS: manifest files or directories, or - for standard input (see tollgate k8s lint --help)", "k8s", "lint")]
    [InlineData("tollgate approve needs --reason: say why the destroys and replacements are intended (see tollgate approve --help)", "approve", "x.json", "--by", "alice")]
    [InlineData("tollgate approve needs --by: name who approves (see tollgate approve --help)", "approve", "x.json", "--reason", "planned")]
    [InlineData("tollgate deploy run needs SERVICE: the service's name (see tollgate deploy run --help)", "deploy", "run", "--version", "v1", "--env", "prod", "--deploy-cmd", "true", "--rollback-cmd", "true", "--spec", "slo.yaml")]
    [InlineData("tollgate deploy run needs --version: the artifact's tag (see tollgate deploy run --help)", "deploy", "run", "web")]
    [InlineData("tollgate model drill needs --exec: makes the serving layer serve a version ({version}, else the last argument) (see tollgate model drill --help)", "model", "drill", "fraud")]
    [InlineData("tollgate approve --reason needs a value: say why the destroys and replacements are intended (see tollgate approve --help)", "approve", "x.json", "--by", "alice", "--reason")]
    public async Task Parse_RequiredLeftOut_OneLineInTollgatesWords(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
    }
}
