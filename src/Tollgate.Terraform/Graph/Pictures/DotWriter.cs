using System.Text;

namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>
/// Writes the graph as DOT in terraform's own layout (right to left, one cluster per module, a nested module's
/// cluster inside its parent's), annotated: hubs orange, changed nodes yellow, destroyed nodes red, cycle edges red
/// and thick, <c>depends_on</c> edges dashed. Every node of the graph is drawn, module calls too (a box of shape
/// <c>component</c> inside the module's own cluster), with every edge: a <c>depends_on = [module.x]</c> is a dashed
/// edge to <c>module.x</c>, and a module call's edges to what it contains are dotted and grey.
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
        var members = Enumerable.Range(0, graph.NodeCount)
            .GroupBy(n => graph.Kinds[n] == NodeKind.Module ? graph.Names[n] : graph.Modules[n])
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var children = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var module in members.Keys.Where(m => m.Length > 0).ToList())
        {
            // Every module between the root and this one gets its cluster, so a nested one is drawn inside its parent's.
            for (var (child, parent) = (module, Parent(module)); ; (child, parent) = (parent, Parent(parent)))
            {
                if (!children.TryGetValue(parent, out var set))
                {
                    children[parent] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                if (!set.Add(child) || parent.Length == 0)
                {
                    break;
                }
            }
        }

        WriteModule(text, analysis, marks, "", "  ", members, children);
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.OutOffsets[from]; e < graph.OutOffsets[from + 1]; e++)
            {
                var to = graph.OutTargets[e];
                if (to == from && !marks.CycleEdges.Contains((from, to)))
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
                else if (graph.OutKinds[e] == EdgeKind.Contains)
                {
                    style.Add("style = \"dotted\", color = \"#999999\"");
                }

                text.Append(style.Count > 0 ? " [" + string.Join(", ", style) + "]" : "").Append(";\n");
            }
        }

        return text.Append("}\n").ToString();
    }

    /// <summary>The nodes of <paramref name="module"/>, then the clusters of the modules it calls, each inside this one.</summary>
    private static void WriteModule(
        StringBuilder text,
        GraphAnalysis analysis,
        PictureMarks marks,
        string module,
        string indent,
        Dictionary<string, List<int>> members,
        Dictionary<string, SortedSet<string>> children)
    {
        var graph = analysis.Graph;
        var inner = indent;
        if (module.Length > 0)
        {
            text.Append(indent).Append($"subgraph {Quote("cluster_" + module)} {{\n").Append(indent).Append($"  label = {Quote(module)};\n").Append(indent).Append("  fontname = \"sans-serif\";\n");
            inner = indent + "  ";
        }

        foreach (var node in members.GetValueOrDefault(module) ?? [])
        {
            text.Append(inner).Append(Quote(graph.Names[node])).Append(" [").Append(Attributes(analysis, node, marks.Nodes[node])).Append("];\n");
        }

        foreach (var child in children.GetValueOrDefault(module) ?? [])
        {
            WriteModule(text, analysis, marks, child, inner, members, children);
        }

        if (module.Length > 0)
        {
            text.Append(indent).Append("}\n");
        }
    }

    /// <summary>The module a module path is called from: <c>module.a</c> for <c>module.a.module.b</c>, "" for <c>module.a</c>.</summary>
    private static string Parent(string module)
    {
        var last = module.LastIndexOf(".module.", StringComparison.Ordinal);
        return last < 0 ? "" : module[..last];
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
        else if (graph.Kinds[node] == NodeKind.Module)
        {
            parts.Add("shape = \"component\"");
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
