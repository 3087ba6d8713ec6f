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

    private const string Dot = "digraph {\n  subgraph \"root\" {\n    \"[root] terraform_data.app (expand)\" -> \"[root] terraform_data.db (expand)\"\n  }\n}\n";

    [Theory]
    [InlineData("graph")]
    [InlineData("state-split")]
    public async Task Subject_StandardInput_ReadsTheDotGraphAsFromAFile(string command)
    {
        // Was exit 3 ("- does not exist", then "save it first"): `terraform graph | tollgate graph -` is how users pipe it.
        _ws.Write("g.dot", Dot);
        var file = await CliRun.RunAsync(_ws.Directory, command, "g.dot", "--format", "json");
        var piped = await CliRun.RunAsync(_ws.Directory, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Dot)), command, "-", "--format", "json");

        piped.ExitCode.ShouldBe(0, piped.Error);
        file.ExitCode.ShouldBe(0, file.Error);
        Digest(piped.Out).ShouldBe(Digest(file.Out));
        piped.Out.ShouldContain("\"subject\": \"-\"");
    }

    [Fact]
    public async Task Subject_StandardInput_ReadsAPlanAsFromAFile()
    {
        var plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"));
        _ws.Write("plan.json", System.Text.Encoding.UTF8.GetString(plan));
        var file = await CliRun.RunAsync(_ws.Directory, "graph", "plan.json", "--format", "json");
        var piped = await CliRun.RunAsync(_ws.Directory, new MemoryStream(plan), "graph", "-", "--format", "json");

        piped.ExitCode.ShouldBe(file.ExitCode, piped.Error);
        Digest(piped.Out).ShouldBe(Digest(file.Out));
    }

    [Fact]
    public async Task Subject_StandardInput_HtmlPageTitledStandardInput()
    {
        // Was a page titled and headed "-".
        var piped = await CliRun.RunAsync(_ws.Directory, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Dot)), "graph", "-", "--html", "page.html");

        piped.ExitCode.ShouldBe(0, piped.Error);
        var page = File.ReadAllText(_ws.PathOf("page.html"));
        page.ShouldContain("<title>standard input · tollgate graph</title>");
        page.ShouldContain("<h1>standard input</h1>");
    }

    [Fact]
    public async Task Subject_StandardInput_BinaryPlanOrEmpty_ExitThreeWithOneLine()
    {
        var binary = await CliRun.RunAsync(_ws.Directory, new MemoryStream("PK\u0003\u0004rest"u8.ToArray()), "graph", "-");
        var empty = await CliRun.RunAsync(_ws.Directory, new MemoryStream([]), "graph", "-");

        binary.ExitCode.ShouldBe(3);
        binary.Error.ShouldBe("tollgate: error: standard input is a binary plan file through a pipe: give its path, or pipe `terraform show -json` instead\n");
        empty.ExitCode.ShouldBe(3);
        empty.Error.ShouldBe("tollgate: error: standard input is empty: expected the JSON of `terraform show -json`\n");
    }

    [Fact]
    public async Task Subject_Fifo_IsReadOnce()
    {
        // <(terraform graph) is a FIFO: was "is a FIFO, not a regular file". A FIFO can be read only once, so the
        // head that tells DOT from a plan is kept and read on.
        var fifo = _ws.PathOf("graph.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, Dot));
        var run = await CliRun.RunAsync(_ws.Directory, "graph", fifo);
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("2 nodes, 1 edge");
    }

    private static string Digest(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("digest").GetString()!;

    public static TheoryData<string, string, string, string> OwnersFiles()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var command in new[] { "graph", "state-split" })
        {
            data.Add(command, "own.yaml", "owners:\n  module.network: [\n", "own.yaml:3:1: not valid YAML: While parsing a node, did not find expected node content");
            data.Add(command, "own.yaml", "owners: 5\n", "own.yaml:1:9: owners must be a mapping (key: value lines)");
            data.Add(command, "own.yaml", "module.network: @org/network\n", "own.yaml:1:17: not valid YAML: While scanning for the next token, found character that cannot start any token; a value starting with @ must be quoted ('@…')");
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
    [InlineData("graph", "blast-radius: { maxDependents: 1e12 }", "2:34: rules.blast-radius.maxDependents 1e12 is too large: the largest accepted is 2147483647")]
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
