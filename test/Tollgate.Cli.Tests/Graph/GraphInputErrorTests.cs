using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// <c>graph</c> and <c>state-split</c> refuse a malformed owners file and a meaningless limit with exit 3 and one line
/// on stderr naming the file and line (or the option), never a verdict computed from them.
/// </summary>
public sealed class GraphInputErrorTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("cli-graph-input");

    public GraphInputErrorTests()
    {
        _ws.Write("modules/network/main.tf", "resource \"terraform_data\" \"vpc\" {\n  input = \"v\"\n}\n")
            .Write("main.tf", "module \"network\" {\n  source = \"./modules/network\"\n}\n\nresource \"terraform_data\" \"app\" {\n  input = \"a\"\n}\n");
    }

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("graph")]
    [InlineData("state-split")]
    public async Task Subject_StandardInput_ExitsThreeSayingToSaveItFirst(string command)
    {
        // Was "- does not exist": the "-" of `terraform graph | tollgate graph -` looked up as a file.
        var run = await CliRun.RunAsync(_ws.Directory, new MemoryStream("digraph { }"u8.ToArray()), command, "-");

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.Trim().ShouldBe("tollgate: error: standard input is a pipe: the graph is read from a directory or a file; save it first (terraform graph > graph.dot, or terraform show -json tfplan > plan.json) and give its path");
    }

    [Fact]
    public async Task Subject_Fifo_ExitsThreeWithoutOpeningIt()
    {
        // <(terraform graph) is a FIFO: was "is a FIFO, not a regular file", with nothing said about what to do.
        var fifo = _ws.PathOf("graph.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var run = await CliRun.RunAsync(_ws.Directory, "graph", fifo);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"tollgate: error: {fifo} is a pipe: the graph is read from a directory or a file; save it first");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    public static TheoryData<string, string, string, string> OwnersFiles()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var command in new[] { "graph", "state-split" })
        {
            data.Add(command, "own.yaml", "owners:\n  module.network: [\n", "own.yaml:3:1: not valid YAML: While parsing a node, did not find expected node content");
            data.Add(command, "own.yaml", "owners: 5\n", "own.yaml:1:9: owners must be a mapping (key: value lines)");
            data.Add(command, "own.yaml", "", "own.yaml:1:1: the owners file names no owners: expected 'module.path: team' entries, at the top or under 'owners:'");
            data.Add(command, "CODEOWNERS", "", "CODEOWNERS:1:1: the CODEOWNERS file names no owners: expected lines like '/modules/network/ @org/team'");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OwnersFiles))]
    public async Task Owners_MalformedFile_ExitsThreeWithOneLineNamingFileAndLine(string command, string name, string text, string message)
    {
        _ws.Write(name, text);

        var run = await CliRun.RunAsync(_ws.Directory, command, _ws.Directory, "--owners", name);

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"tollgate: error: {message}\n");
    }

    [Theory]
    [InlineData("graph", "--fan-out", "-5", "--fan-out -5 is not a whole number of 1 or more")]
    [InlineData("graph", "--fan-out", "0", "--fan-out 0 is not a whole number of 1 or more")]
    [InlineData("graph", "--fan-out", "many", "--fan-out many is not a whole number of 1 or more")]
    [InlineData("graph", "--max-blast-radius", "-1", "--max-blast-radius -1 is not a whole number of 0 or more")]
    [InlineData("graph", "--max-changed", "-1", "--max-changed -1 is not a whole number of 0 or more")]
    [InlineData("graph", "--max-destroyed", "-3", "--max-destroyed -3 is not a whole number of 0 or more")]
    [InlineData("state-split", "--fan-out", "-5", "--fan-out -5 is not a whole number of 1 or more")]
    [InlineData("state-split", "--max-blast-radius", "-1", "--max-blast-radius -1 is not a whole number of 0 or more")]
    [InlineData("graph", "--terraform-timeout", "-5s", "--terraform-timeout -5s is not a duration between 1s and 7d like 90s, 10m or 1h30m")]
    public async Task Limits_OutOfRange_ExitThreeWithOneLine(string command, string option, string value, string message)
    {
        var run = await CliRun.RunAsync(_ws.Directory, command, _ws.Directory, option, value);

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"tollgate: error: {message} (see tollgate --help)\n");
    }

    [Theory]
    [InlineData("graph", "fan-out: { threshold: 0 }", "2:25: rules.fan-out.threshold 0 is not a whole number of 1 or more")]
    [InlineData("state-split", "fan-out: { threshold: 0 }", "2:25: rules.fan-out.threshold 0 is not a whole number of 1 or more")]
    [InlineData("plan", "fan-out: { threshold: 0 }", "2:25: rules.fan-out.threshold 0 is not a whole number of 1 or more")]
    [InlineData("graph", "fan-out: { threshold: -5 }", "2:25: rules.fan-out.threshold -5 is not a whole number of 1 or more")]
    [InlineData("graph", "fan-out: { threshold: 2.5 }", "2:25: rules.fan-out.threshold 2.5 is not a whole number of 1 or more")]
    [InlineData("graph", "blast-radius: { maxDependents: -3 }", "2:34: rules.blast-radius.maxDependents -3 is not a whole number of 0 or more")]
    [InlineData("graph", "blast-radius: { maxDependents: 1e12 }", "2:34: rules.blast-radius.maxDependents 1e12 is not a whole number of 0 or more")]
    [InlineData("graph", "blast-radius: { maxChanged: 0.5 }", "2:31: rules.blast-radius.maxChanged 0.5 is not a whole number of 0 or more")]
    [InlineData("state-split", "blast-radius: { parallelism: 0 }", "2:32: rules.blast-radius.parallelism 0 is not a whole number of 1 or more")]
    public async Task PolicyLimits_ValueTheOptionWouldRefuse_ExitThreeNamingFileAndKey(string command, string rule, string message)
    {
        _ws.Write("limits.yaml", $"rules:\n  {rule}\n");

        var run = await CliRun.RunAsync(_ws.Directory, command, _ws.Directory, "--policy", "limits.yaml");
        var check = await CliRun.RunAsync(_ws.Directory, "policy", "check", "limits.yaml");

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"tollgate: error: limits.yaml:{message}\n");
        check.ExitCode.ShouldBe(3);
        check.Error.ShouldBe(run.Error);
        Directory.Exists(_ws.PathOf(".terraform")).ShouldBeFalse("refused before terraform runs");
    }

    [Fact]
    public async Task Limits_ZeroWhereMeaningful_AreAcceptedAndReview()
    {
        _ws.Write("changed", "terraform_data.app\nmodule.network.terraform_data.vpc\n");

        var run = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--changed", "changed", "--max-changed", "0", "--max-blast-radius", "0", "--max-destroyed", "0");

        run.ExitCode.ShouldBe(2, run.Error);
        run.Out.ShouldStartWith("REVIEW");
    }

    [Theory]
    [InlineData("graph", "blast-radius: { maxDependent: 5 }", "limits.yaml:2:19: unknown key 'maxDependent' in rules.blast-radius (blast-radius accepts: enabled, severity, maxDependents, maxChanged, maxDestroyed, parallelism); did you mean 'maxDependents'?")]
    [InlineData("plan", "fan-out: { treshold: 3 }", "limits.yaml:2:14: unknown key 'treshold' in rules.fan-out (fan-out accepts: enabled, severity, threshold); did you mean 'threshold'?")]
    public async Task PolicyLimits_MistypedKey_ExitThreeWithSuggestionBeforeTerraformRuns(string command, string rule, string message)
    {
        _ws.Write("limits.yaml", $"rules:\n  {rule}\n");

        var run = await CliRun.RunAsync(_ws.Directory, command, _ws.Directory, "--policy", "limits.yaml");
        var check = await CliRun.RunAsync(_ws.Directory, "policy", "check", "limits.yaml");

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldEndWith($"{message}\n");
        run.Error.Count(c => c == '\n').ShouldBe(1);
        check.ExitCode.ShouldBe(3);
        check.Error.ShouldBe(run.Error);
        Directory.Exists(_ws.PathOf(".terraform")).ShouldBeFalse("refused before terraform runs");
    }
}
