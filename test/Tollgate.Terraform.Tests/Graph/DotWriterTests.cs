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

    [Fact]
    public async Task Write_DependsOnAModuleAndNestedModules_DrawsModuleNodesEveryEdgeAndNestedClusters()
    {
        using var ws = new TerraformWorkspace("dot-modules");
        ws.Write("inner/main.tf", "variable \"n\" {}\n\nresource \"terraform_data\" \"leaf\" {\n  input = var.n\n}\n")
            .Write("outer/main.tf", "module \"inner\" {\n  source   = \"../inner\"\n  for_each = toset([\"a\", \"b\"])\n  n        = each.key\n}\n\nresource \"terraform_data\" \"agg\" {\n  count = 2\n  input = count.index\n}\n")
            .Write("main.tf", "module \"outer\" {\n  source = \"./outer\"\n}\n\nresource \"terraform_data\" \"waiter\" {\n  input      = \"w\"\n  depends_on = [module.outer]\n}\n");
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var graph = loaded.Model.Graph;

        var dot = DotWriter.Write(new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds()));

        // Every edge of the graph is drawn, the module call's too: the depends_on on the module dashed.
        var drawn = dot.Split('\n').Where(l => l.Contains(" -> ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var edges = Enumerable.Range(0, graph.NodeCount).SelectMany(from => graph.Dependencies(from).ToArray().Select(to => (graph.Names[from], graph.Names[to]))).ToList();
        edges.ShouldContain(("terraform_data.waiter", "module.outer"));
        drawn.Count.ShouldBe(edges.Count);
        foreach (var (from, to) in edges)
        {
            drawn.ShouldContain(l => l.StartsWith($"\"{from}\" -> \"{to}\"", StringComparison.Ordinal));
        }

        drawn.ShouldContain("\"terraform_data.waiter\" -> \"module.outer\" [style = \"dashed\"];");
        dot.ShouldContain("\"module.outer\" [label = \"module.outer\"");
        dot.ShouldContain("\"module.outer.module.inner\" [label = \"module.inner\"");

        // The nested module's cluster opens and closes inside its parent's.
        var outer = dot.IndexOf("subgraph \"cluster_module.outer\" {", StringComparison.Ordinal);
        var inner = dot.IndexOf("subgraph \"cluster_module.outer.module.inner\" {", StringComparison.Ordinal);
        outer.ShouldBeGreaterThan(0);
        inner.ShouldBeGreaterThan(outer);
        var depth = 0;
        foreach (var c in dot[outer..inner])
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }

        depth.ShouldBe(1, "cluster_module.outer is still open where the nested cluster starts");

        // graphviz lays it out: the module node and the waiter's edge to it are in the picture.
        using var svg = new MemoryStream();
        await SvgRenderer.RenderAsync(dot, svg);
        var picture = Encoding.UTF8.GetString(svg.ToArray());
        picture.ShouldContain("<title>terraform_data.waiter&#45;&gt;module.outer</title>");
        picture.ShouldContain("<title>cluster_module.outer.module.inner</title>");
    }
}
