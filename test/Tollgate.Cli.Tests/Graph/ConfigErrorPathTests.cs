using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// An error in the Terraform configuration names the file as findings do: under the directory as the user gave it
/// (relative when given relative, absolute when given absolute), a path that opens from where the command ran, never
/// one relative to the configuration directory (<c>main.tf</c> when the file is <c>infra/main.tf</c>).
/// </summary>
public sealed class ConfigErrorPathTests
{
    private const string Broken = "resource \"terraform_data\" \"a\" {\n  input = [1,\n}\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Graph_SyntaxErrorInALocalModule_NamesTheModuleFileUnderTheDirectoryAsGiven(bool absolute)
    {
        using var ws = new TerraformWorkspace("config-error-module");
        ws.Write("infra/main.tf", "module \"db\" {\n  source = \"./modules/db\"\n}\n").Write("infra/modules/db/main.tf", Broken);
        var given = absolute ? ws.PathOf("infra") : "infra";

        var run = await CliRun.RunAsync(ws.Directory, "graph", given);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith($"tollgate: error: cannot parse {given}/modules/db/main.tf:3:1: ");
    }

    /// <summary>Resource b's depends_on names a, which its input already references: one finding, at main.tf:2:1.</summary>
    private const string WithAFinding = "resource \"terraform_data\" \"a\" {}\nresource \"terraform_data\" \"b\" {\n  depends_on = [terraform_data.a]\n  input = terraform_data.a.id\n}\n";

    public static TheoryData<string, bool> CommandsAndForms => new()
    {
        { "graph", false },
        { "graph", true },
        { "state-split", false },
        { "state-split", true },
    };

    [Theory]
    [MemberData(nameof(CommandsAndForms))]
    public async Task Graph_SyntaxErrorInADirectoryGivenRelativeOrAbsolute_NamesTheFileUnderItAsGiven(string command, bool absolute)
    {
        using var ws = new TerraformWorkspace("config-error-form");
        ws.Write("infra/main.tf", Broken);
        var given = absolute ? ws.PathOf("infra") : "infra";

        var run = await CliRun.RunAsync(ws.Directory, command, given);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith($"tollgate: error: cannot parse {given}/main.tf:3:1: ");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Graph_DirectoryGivenRelativeOrAbsolute_FindingsNameTheFileAsItsErrorsDo(bool absolute)
    {
        using var ws = new TerraformWorkspace("config-finding-form");
        ws.Write("infra/main.tf", WithAFinding)
            .Write("infra/depends.tf", "resource \"terraform_data\" \"c\" {\n  depends_on = [terraform_data.a]\n  input = terraform_data.a.id\n}\n");
        var given = absolute ? ws.PathOf("infra") : "infra";

        var good = await CliRun.RunAsync(ws.Directory, "graph", given, "--format", "json");
        ws.Write("infra/depends.tf", Broken);
        var broken = await CliRun.RunAsync(ws.Directory, "graph", given);

        good.ExitCode.ShouldBe(0, good.Error);
        using var report = JsonDocument.Parse(good.Out);
        report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("location", out var at) && at.ValueKind == JsonValueKind.Object)
            .Select(f => f.GetProperty("location").GetProperty("file").GetString())
            .Order()
            .ShouldBe([$"{given}/depends.tf", $"{given}/main.tf"]);
        broken.ExitCode.ShouldBe(3, broken.Error);
        broken.Error.ShouldStartWith($"tollgate: error: cannot parse {given}/depends.tf:3:1: ");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Graph_BrokenStateInADirectoryGivenRelativeOrAbsolute_NamesItUnderTheDirectoryAsGiven(bool absolute)
    {
        // It was named terraform.tfstate alone, whichever directory it lay in.
        using var ws = new TerraformWorkspace("config-error-state");
        ws.Write("infra/main.tf", WithAFinding).Write("infra/terraform.tfstate", "{\"version\": 4, broken");
        var given = absolute ? ws.PathOf("infra") : "infra";

        var run = await CliRun.RunAsync(ws.Directory, "graph", given);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith($"tollgate: error: {given}/terraform.tfstate is not valid JSON: line 1, column 16");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Plan_DirectoryGivenRelativeOrAbsolute_FindingsNameTheFileUnderItAsGiven(bool absolute)
    {
        using var ws = new TerraformWorkspace("plan-finding-form");
        ws.Write("infra/main.tf", WithAFinding);
        var given = absolute ? ws.PathOf("infra") : "infra";

        var run = await CliRun.RunAsync(ws.Directory, "plan", given, "--format", "json");

        run.ExitCode.ShouldBeOneOf([0, 2], run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("location", out var at) && at.ValueKind == JsonValueKind.Object)
            .Select(f => f.GetProperty("location").GetProperty("file").GetString())
            .Distinct()
            .ShouldBe([$"{given}/main.tf"]);
    }

    [Fact]
    public async Task Graph_ConfigurationOutsideTheWorkingDirectory_NamesTheFileByAPathThatOpens()
    {
        using var ws = new TerraformWorkspace("config-error-outside");
        ws.Write("infra/main.tf", Broken).Write("elsewhere/.keep", "");

        var run = await CliRun.RunAsync(ws.PathOf("elsewhere"), "graph", "../infra");

        run.ExitCode.ShouldBe(3, run.Error);
        var named = run.Error["tollgate: error: cannot parse ".Length..run.Error.IndexOf(":3:1:", StringComparison.Ordinal)];
        named.ShouldBe("../infra/main.tf", "under the directory as given");
        File.Exists(Path.GetFullPath(named, ws.PathOf("elsewhere"))).ShouldBeTrue(named);
        File.ReadAllText(Path.GetFullPath(named, ws.PathOf("elsewhere"))).ShouldBe(Broken);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Graph_SyntaxErrorInAModuleBesideTheDirectory_NamesItByThePathThatOpensIt(bool absolute)
    {
        // infra's module is ../shared: named shared/main.tf (or its full path), where it was infra/../shared/main.tf.
        using var ws = new TerraformWorkspace("config-error-beside");
        ws.Write("infra/main.tf", "module \"db\" {\n  source = \"../shared\"\n}\n").Write("shared/main.tf", Broken);
        var given = absolute ? ws.PathOf("infra") : "infra";

        var run = await CliRun.RunAsync(ws.Directory, "graph", given);

        run.ExitCode.ShouldBe(3, run.Error);
        var shared = absolute ? ws.PathOf("shared").Replace('\\', '/') : "shared";
        run.Error.ShouldStartWith($"tollgate: error: cannot parse {shared}/main.tf:3:1: ");
    }
}
