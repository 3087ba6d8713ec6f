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

        // Written by hand rather than by reflection, so the page also renders in the native (AOT) build.
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("title", title);
            WriteStrings(w, "names", graph.Names);
            WriteInts(w, "kinds", graph.Kinds.Select(k => (int)k));
            WriteInts(w, "module", graph.Modules.Select(m => moduleIndex[m]));
            WriteInts(w, "marks", marks.Nodes.Select(m => (int)m));
            WriteStrings(w, "modules", modules);
            WriteInts(w, "edges", edges);
            WriteInts(w, "edgeKinds", kinds);
            w.WriteNumber("fanOut", analysis.Thresholds.FanOut);
            w.WriteEndObject();
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.ToArray()).Replace("</", "<\\/", StringComparison.Ordinal);
        return Template().Replace(Placeholder, json, StringComparison.Ordinal).Replace("TOLLGATE_TITLE", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteNumberValue(value);
        }

        w.WriteEndArray();
    }

    private static string Template()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tollgate.Terraform.Graph.Pictures.graph-page.html")
            ?? throw new InvalidOperationException("graph-page.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
