using System.Text;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Pictures;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>The DOT picture of a configuration read from its files.</summary>
public sealed class DotWriterTests
{
    [Fact]
    public async Task Write_NodeWithDependents_TooltipNamesThemAndHowManyMore()
    {
        using var ws = new TerraformWorkspace("dot-tooltip");
        var config = new StringBuilder("resource \"terraform_data\" \"hub\" {\n  input = \"x\"\n}\n\nresource \"terraform_data\" \"one\" {\n  input = \"y\"\n}\n\nresource \"terraform_data\" \"reader\" {\n  input = terraform_data.one.output\n}\n");
        for (var i = 0; i < 12; i++)
        {
            config.Append($"\nresource \"terraform_data\" \"dep{i:00}\" {{\n  input = terraform_data.hub.id\n}}\n");
        }

        ws.Write("main.tf", config.ToString());
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);

        var dot = DotWriter.Write(new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds()));

        dot.ShouldContain("tooltip = \"terraform_data.one: 1 direct dependent: terraform_data.reader\"");
        dot.ShouldContain("tooltip = \"terraform_data.hub: 12 direct dependents: terraform_data.dep00, terraform_data.dep01, terraform_data.dep02, terraform_data.dep03, terraform_data.dep04, "
            + "terraform_data.dep05, terraform_data.dep06, terraform_data.dep07, terraform_data.dep08, terraform_data.dep09 and 2 more\"");
        dot.ShouldContain("tooltip = \"terraform_data.reader: 0 direct dependents\"");
    }
}
