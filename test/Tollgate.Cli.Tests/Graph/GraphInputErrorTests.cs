using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// <c>graph</c> and <c>state-split</c> refuse a malformed owners file with exit 3 and one line
/// on stderr naming the file and line, never a verdict computed from them.
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

    public static TheoryData<string, string, string, string> OwnersFiles()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var command in new[] { "graph", "state-split" })
        {
            data.Add(command, "own.yaml", "owners:\n  module.network: [\n", "own.yaml:3:1: not valid YAML: While parsing a node, did not find expected node content.");
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
}
