using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// An error in the Terraform configuration names the file as findings do: a path that opens from where the command
/// ran, not one relative to the configuration directory (<c>main.tf</c> when the file is <c>infra/main.tf</c>).
/// </summary>
public sealed class ConfigErrorPathTests
{
    private const string Broken = "resource \"terraform_data\" \"a\" {\n  input = [1,\n}\n";

    [Theory]
    [InlineData("graph")]
    [InlineData("state-split")]
    public async Task Graph_SyntaxErrorInAConfigurationBelowTheWorkingDirectory_NamesTheFileFromThere(string command)
    {
        using var ws = new TerraformWorkspace("config-error-path");
        ws.Write("infra/main.tf", Broken);

        var run = await CliRun.RunAsync(ws.Directory, command, "infra");

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith("tollgate: error: cannot parse infra/main.tf:3:1: ");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Graph_SyntaxErrorInALocalModule_NamesTheModuleFileFromTheWorkingDirectory()
    {
        using var ws = new TerraformWorkspace("config-error-module");
        ws.Write("infra/main.tf", "module \"db\" {\n  source = \"./modules/db\"\n}\n").Write("infra/modules/db/main.tf", Broken);

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf("infra"));

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith("tollgate: error: cannot parse infra/modules/db/main.tf:3:1: ");
    }

    [Fact]
    public async Task Graph_MalformedTfJsonBelowTheWorkingDirectory_NamesTheFileAndLineFromThere()
    {
        using var ws = new TerraformWorkspace("config-error-json");
        ws.Write("infra/main.tf", "resource \"terraform_data\" \"ok\" {}\n")
            .Write("infra/bad.tf.json", "{\n  \"resource\": {\n    \"terraform_data\": {\n      \"a\": \"oops\"\n    }\n  }\n}\n");

        var run = await CliRun.RunAsync(ws.Directory, "graph", "infra");

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldBe("tollgate: error: cannot read infra/bad.tf.json:4: resource.terraform_data.a must be a JSON object (or an array of objects), not a string\n");
    }

    [Fact]
    public async Task Graph_ConfigurationOutsideTheWorkingDirectory_NamesTheFileByAPathThatOpens()
    {
        using var ws = new TerraformWorkspace("config-error-outside");
        ws.Write("infra/main.tf", Broken).Write("elsewhere/.keep", "");

        var run = await CliRun.RunAsync(ws.PathOf("elsewhere"), "graph", "../infra");

        run.ExitCode.ShouldBe(3, run.Error);
        var named = run.Error["tollgate: error: cannot parse ".Length..run.Error.IndexOf(":3:1:", StringComparison.Ordinal)];
        File.Exists(Path.GetFullPath(named, ws.PathOf("elsewhere"))).ShouldBeTrue(named);
        File.ReadAllText(Path.GetFullPath(named, ws.PathOf("elsewhere"))).ShouldBe(Broken);
    }
}
