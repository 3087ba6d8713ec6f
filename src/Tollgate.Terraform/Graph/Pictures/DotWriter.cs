using System.Text;

namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>
/// Writes the graph as DOT in terraform's own layout (right to left, one cluster per module), annotated: hubs
/// orange, changed nodes yellow, destroyed nodes red, cycle edges red and thick, <c>depends_on</c> edges dashed.
/// Every node's tooltip gives the number of its direct dependents and their addresses (the first
/// <see cref="TooltipLimit"/>, then how many more).
/// </summary>
public static class DotWriter
{
    /// <summary>How many dependents a tooltip names before it says how many more there are.</summary>
    public const int TooltipLimit = 10;

    public static string Write(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var marks = PictureMarks.Of(analysis);
        var text = new StringBuilder();
        text.Append("digraph tollgate {\n  rankdir = \"RL\";\n  node [shape = rect, fontname = \"sans-serif\", style = \"filled\", fillcolor = \"white\"];\n  edge [color = \"#555555\"];\n");
        foreach (var group in Enumerable.Range(0, graph.NodeCount).GroupBy(n => graph.Kinds[n] == NodeKind.Module ? graph.Names[n] : graph.Modules[n]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var indent = "  ";
            if (group.Key.Length > 0)
            {
                text.Append($"  subgraph {Quote("cluster_" + group.Key)} {{\n    label = {Quote(group.Key)};\n    fontname = \"sans-serif\";\n");
                indent = "    ";
            }

            foreach (var node in group.Where(n => graph.Kinds[n] != NodeKind.Module))
            {
                text.Append(indent).Append(Quote(graph.Names[node])).Append(" [").Append(Attributes(analysis, node, marks.Nodes[node])).Append("];\n");
            }

            if (group.Key.Length > 0)
            {
                text.Append("  }\n");
            }
        }

        for (var from = 0; from < graph.NodeCount; from++)
        {
            if (graph.Kinds[from] == NodeKind.Module)
            {
                continue;
            }

            for (var e = graph.OutOffsets[from]; e < graph.OutOffsets[from + 1]; e++)
            {
                var to = graph.OutTargets[e];
                if (graph.Kinds[to] == NodeKind.Module || to == from && !marks.CycleEdges.Contains((from, to)))
                {
                    continue;
                }

                text.Append("  ").Append(Quote(graph.Names[from])).Append(" -> ").Append(Quote(graph.Names[to]));
                var style = new List<string>();
                if (marks.CycleEdges.Contains((from, to)))
                {
                    style.Add("color = \"red\", penwidth = \"2.0\"");
                }

                if ((graph.OutKinds[e] & (EdgeKind.DependsOn | EdgeKind.ModuleDependsOn)) != 0)
                {
                    style.Add("style = \"dashed\"");
                }

                text.Append(style.Count > 0 ? " [" + string.Join(", ", style) + "]" : "").Append(";\n");
            }
        }

        return text.Append("}\n").ToString();
    }

    private static string Attributes(GraphAnalysis analysis, int node, NodeMarks marks)
    {
        var graph = analysis.Graph;
        var label = graph.Modules[node].Length > 0 ? graph.Names[node][(graph.Modules[node].Length + 1)..] : graph.Names[node];
        var fill = marks.HasFlag(NodeMarks.Destroyed) ? "#f4a6a6" : marks.HasFlag(NodeMarks.Changed) ? "#fff3a3" : marks.HasFlag(NodeMarks.Hub) ? "#ffc680" : "white";
        var parts = new List<string>
        {
            $"label = {Quote(label)}",
            $"tooltip = {Quote(Tooltip(analysis, node))}",
            $"fillcolor = \"{fill}\"",
        };
        if (marks.HasFlag(NodeMarks.Cycle))
        {
            parts.Add("color = \"red\"");
        }

        if (graph.Kinds[node] == NodeKind.Data)
        {
            parts.Add("shape = \"note\"");
        }

        return string.Join(", ", parts);
    }

    /// <summary>
    /// <c>terraform_data.a: 2 direct dependents: terraform_data.b, module.m.terraform_data.c</c>: the resources and
    /// data sources with an edge to the node (<see cref="GraphAnalysis.DependentsOf"/>: a module call node is no
    /// dependent, the resources inside that read the value are), counted, and the first <see cref="TooltipLimit"/> by address.
    /// </summary>
    private static string Tooltip(GraphAnalysis analysis, int node)
    {
        var graph = analysis.Graph;
        var named = analysis.DependentsOf(node).Select(d => graph.Names[d]).Order(StringComparer.Ordinal).ToList();
        var text = $"{graph.Names[node]}: {Domain.Reports.Counted.Of(named.Count, "direct dependent")}";
        if (named.Count == 0)
        {
            return text;
        }

        text += ": " + string.Join(", ", named.Take(TooltipLimit));
        return named.Count > TooltipLimit ? $"{text} and {named.Count - TooltipLimit} more" : text;
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
