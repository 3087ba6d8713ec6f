using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate plan</c> takes the prior state's identities from the plan reader's own pass, so every way of giving a
/// plan (JSON, binary plan file, directory) finds a literal copied from an existing object's id.
/// </summary>
public sealed class PlanIdentitiesTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("cli-identities");

    [Fact]
    public async Task Plan_JsonBinaryAndDirectory_AllReportTheImplicitDependency()
    {
        _ws.Write("main.tf", "resource \"terraform_data\" \"db\" {\n  input = \"orders\"\n}\n").Apply();
        using (var state = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("terraform.tfstate"))))
        {
            var id = state.RootElement.GetProperty("resources")[0].GetProperty("instances")[0].GetProperty("attributes").GetProperty("id").GetString();
            _ws.Write("main.tf", $"resource \"terraform_data\" \"db\" {{\n  input = \"orders\"\n}}\n\nresource \"terraform_data\" \"worker\" {{\n  input = {{ db = \"{id}\" }}\n}}\n");
        }

        var binary = _ws.PlanFile();
        var json = _ws.PlanJson();

        foreach (var subject in new[] { json, binary, _ws.Directory })
        {
            var run = await CliRun.RunAsync(_ws.Directory, "plan", subject, "--format", "json");

            run.ExitCode.ShouldBe(0, run.Error);
            var finding = JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").EnumerateArray()
                .Single(f => f.GetProperty("rule").GetString() == "implicit-dependency");
            finding.GetProperty("address").GetString().ShouldBe("terraform_data.worker");
            finding.GetProperty("suggestion").GetString().ShouldBe("input.db = terraform_data.db.id");
        }
    }

    public void Dispose() => _ws.Dispose();
}
