using Tollgate.Domain;

namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// Reads <c>terraform graph</c> output in either dialect. The verbose one (<c>[root] addr (expand)</c>) is reduced
/// to resources, data sources and module calls: providers, variables, locals, outputs and module barriers are
/// contracted away, so an edge through <c>local.x</c> becomes an edge to what <c>local.x</c> reads.
/// </summary>
public static class DotReader
{
    public static DotGraph ReadFile(string path) => Read(File.ReadAllText(path), path);

    public static DotGraph Read(string text, string sourceName)
    {
        var tokens = DotTokenizer.Tokenize(text, sourceName);
        if (tokens.Count == 0 || !tokens.Any(t => t.IsId && t.Text is "digraph" or "graph"))
        {
            throw new InvalidInputException($"{sourceName} is not a DOT graph (no 'digraph')");
        }

        var nodes = new List<string>();
        var edges = new List<(string From, string To, bool Red)>();
        Parse(tokens, nodes, edges);
        var verbose = nodes.Concat(edges.Select(e => e.From)).Any(n => n.StartsWith("[root] ", StringComparison.Ordinal));
        return verbose ? Verbose.Reduce(nodes, edges) : Simplified(nodes, edges);
    }

    private static DotGraph Simplified(List<string> nodes, List<(string From, string To, bool Red)> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<string>(nodes.Count);
        foreach (var node in nodes)
        {
            if (seen.Add(node))
            {
                all.Add(node);
            }
        }

        foreach (var (from, to, _) in edges)
        {
            if (seen.Add(from))
            {
                all.Add(from);
            }

            if (seen.Add(to))
            {
                all.Add(to);
            }
        }

        return new DotGraph(
            DotDialect.Simplified,
            all,
            edges.Select(e => (e.From, e.To)).ToList(),
            edges.Where(e => e.Red).Select(e => (e.From, e.To)).ToList());
    }

    private static void Parse(List<(string Text, bool IsId)> tokens, List<string> nodes, List<(string, string, bool)> edges)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var (text, isId) = tokens[i];
            if (!isId)
            {
                i++;
                continue;
            }

            if (text is "digraph" or "graph" or "subgraph" or "strict" or "node" or "edge")
            {
                i++;
                if (text is "node" or "edge" or "graph" && i < tokens.Count && tokens[i].Text == "[")
                {
                    i = SkipAttributes(tokens, i, out _);
                }
                else if (i < tokens.Count && tokens[i].IsId && text is "digraph" or "graph" or "subgraph" or "strict")
                {
                    i++;
                }

                continue;
            }

            if (i + 1 < tokens.Count && tokens[i + 1].Text == "=" && !tokens[i + 1].IsId)
            {
                i += 3;
                continue;
            }

            var chain = new List<string> { text };
            i++;
            while (i + 1 < tokens.Count && tokens[i].Text is "->" or "--" && !tokens[i].IsId)
            {
                chain.Add(tokens[i + 1].Text);
                i += 2;
            }

            var red = false;
            if (i < tokens.Count && tokens[i].Text == "[" && !tokens[i].IsId)
            {
                i = SkipAttributes(tokens, i, out red);
            }

            if (chain.Count == 1)
            {
                nodes.Add(chain[0]);
            }

            for (var e = 0; e + 1 < chain.Count; e++)
            {
                edges.Add((chain[e], chain[e + 1], red));
            }
        }
    }

    /// <summary>Skips an attribute list <c>[k = v, …]</c>; <paramref name="red"/> when it sets <c>color = "red"</c>.</summary>
    private static int SkipAttributes(List<(string Text, bool IsId)> tokens, int i, out bool red)
    {
        red = false;
        i++;
        while (i < tokens.Count && !(tokens[i].Text == "]" && !tokens[i].IsId))
        {
            if (tokens[i].IsId && i + 2 < tokens.Count && tokens[i + 1].Text == "=" && !tokens[i + 1].IsId)
            {
                red |= tokens[i].Text == "color" && tokens[i + 2].Text == "red";
                i += 3;
                continue;
            }

            i++;
        }

        return i + 1;
    }
}
