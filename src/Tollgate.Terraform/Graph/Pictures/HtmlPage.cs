using System.Reflection;
using System.Text.Json;

namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>
/// One self-contained interactive page (no network, no external scripts): the graph as compact arrays in a JSON
/// island, drawn collapsed by module (and by resource type when a group is large) so 10,000 nodes stay usable;
/// search, zoom and pan; clicking a node lists its dependents, dependencies and blast radius.
/// </summary>
public static class HtmlPage
{
    private const string Placeholder = "/*TOLLGATE_GRAPH_DATA*/null";

    public static string Write(GraphAnalysis analysis, string title)
    {
        var graph = analysis.Graph;
        var marks = PictureMarks.Of(analysis);
        var modules = graph.Modules.Concat(graph.Names.Where((_, i) => graph.Kinds[i] == NodeKind.Module)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var moduleIndex = modules.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        var edges = new List<int>(graph.EdgeCount * 2);
        var kinds = new List<int>(graph.EdgeCount);
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.OutOffsets[from]; e < graph.OutOffsets[from + 1]; e++)
            {
                edges.Add(from);
                edges.Add(graph.OutTargets[e]);
                kinds.Add((int)graph.OutKinds[e]);
            }
        }

        var data = new Dictionary<string, object>
        {
            ["title"] = title,
            ["names"] = graph.Names,
            ["kinds"] = graph.Kinds.Select(k => (int)k).ToArray(),
            ["module"] = graph.Modules.Select(m => moduleIndex[m]).ToArray(),
            ["marks"] = marks.Nodes.Select(m => (int)m).ToArray(),
            ["modules"] = modules,
            ["edges"] = edges,
            ["edgeKinds"] = kinds,
            ["fanOut"] = analysis.Thresholds.FanOut,
        };
        var json = JsonSerializer.Serialize(data).Replace("</", "<\\/", StringComparison.Ordinal);
        return Template().Replace(Placeholder, json, StringComparison.Ordinal).Replace("TOLLGATE_TITLE", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal);
    }

    private static string Template()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tollgate.Terraform.Graph.Pictures.graph-page.html")
            ?? throw new InvalidOperationException("graph-page.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
