using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// Reads <c>terraform graph</c> output in either dialect. Statements are parsed straight from the UTF-8 bytes and
/// each node name is looked up once per occurrence (<see cref="NameTable"/>), so a 100,000-node graph is read in
/// one pass without a token list. The verbose dialect (<c>[root] addr (expand)</c>) is then reduced to resources,
/// data sources and module calls: providers, variables, locals, outputs and module barriers are contracted away,
/// so an edge through <c>local.x</c> becomes an edge to what <c>local.x</c> reads.
/// </summary>
public static class DotReader
{
    /// <summary>The largest DOT file read: terraform's graph of 100,000 resources is a few tens of megabytes.</summary>
    public const long MaxFileBytes = 1L << 30;

    public static DotGraph ReadFile(string path)
    {
        HugePageHeap.PrepareFor(path);
        return Read(InputFile.ReadBytes(path, path, MaxFileBytes), path);
    }

    public static DotGraph Read(string text, string sourceName) => Read(Encoding.UTF8.GetBytes(text), sourceName);

    public static DotGraph Read(ReadOnlySpan<byte> utf8, string sourceName)
    {
        var names = new NameTable(Math.Max(16, utf8.Length / 256));
        var edges = new List<(int From, int To)>(utf8.Length / 64);
        var red = new List<int>();
        if (!Parse(utf8, new DotScanner(utf8, sourceName), names, edges, red))
        {
            throw new InvalidInputException($"{sourceName} is not a DOT graph: it does not start with 'digraph' or 'graph'");
        }

        var verbose = false;
        foreach (var name in names.Names)
        {
            verbose |= name.StartsWith("[root] ", StringComparison.Ordinal);
        }

        if (verbose)
        {
            var redSet = red.ToHashSet();
            return Verbose.Reduce(names.Names, edges.Select((e, i) => (names[e.From], names[e.To], redSet.Contains(i))).ToList());
        }

        return new DotGraph(DotDialect.Simplified, names.Names, edges, red.Select(i => (names[edges[i].From], names[edges[i].To])).ToList());
    }

    /// <summary>
    /// Fills the names and edges; false when the text does not start with a <c>digraph</c>/<c>graph</c> header. A graph
    /// cut before its closing <c>}</c>, text after it, or a statement that is not DOT is an error with its line: a
    /// truncated or foreign file must never read as a smaller graph.
    /// </summary>
    private static bool Parse(ReadOnlySpan<byte> utf8, DotScanner s, NameTable names, List<(int From, int To)> edges, List<int> red)
    {
        Span<byte> scratch = stackalloc byte[256];
        var group = new List<int>();
        var next = new List<int>();
        (int Start, int Length, int Id) last = default;
        s.Next();
        if (s.IsKeyword("strict"u8))
        {
            s.Next();
        }

        if (!s.IsKeyword("digraph"u8) && !s.IsKeyword("graph"u8))
        {
            return false;
        }

        s.Next();
        if (s.Kind == DotToken.Id)
        {
            s.Next();
        }

        if (!s.IsPunctuation((byte)'{'))
        {
            throw s.Error($"expected '{{' after the graph header, found {s.Describe()}");
        }

        s.Next();
        var depth = 1;
        while (depth > 0)
        {
            if (s.Kind == DotToken.End)
            {
                throw s.Error("the file ends before the graph's closing '}' (cut short?)");
            }

            if (s.Kind != DotToken.Id)
            {
                if (s.IsPunctuation((byte)'}'))
                {
                    depth--;
                }
                else if (s.IsPunctuation((byte)'{'))
                {
                    depth++;
                }
                else if (!s.IsPunctuation((byte)';'))
                {
                    throw s.Error($"unexpected {s.Describe()} where a statement starts");
                }

                s.Next();
                continue;
            }

            if (s.IsKeyword("subgraph"u8))
            {
                s.Next();
                if (s.Kind == DotToken.Id)
                {
                    s.Next();
                }

                if (!s.IsPunctuation((byte)'{'))
                {
                    throw s.Error($"expected '{{' after subgraph, found {s.Describe()}");
                }

                continue;
            }

            if (s.IsKeyword("node"u8) || s.IsKeyword("edge"u8) || s.IsKeyword("graph"u8))
            {
                s.Next();
                if (!s.IsPunctuation((byte)'['))
                {
                    throw s.Error($"expected '[' after an attribute statement, found {s.Describe()}");
                }

                SkipAttributes(ref s);
                continue;
            }

            // An id: the key of `a = b`, a node statement, or the start of an edge chain.
            var id = s;
            s.Next();
            if (s.IsPunctuation((byte)'='))
            {
                s.Next();
                if (s.Kind != DotToken.Id)
                {
                    throw s.Error($"expected a value after '=', found {s.Describe()}");
                }

                s.Next();
                continue;
            }

            // terraform writes a node's edges one after another: the same source as the last statement's is
            // recognised by comparing bytes that are still in cache, without a table lookup.
            group.Clear();
            if (!id.Escaped && last.Length > 0 && last.Length == id.Length && utf8.Slice(last.Start, last.Length).SequenceEqual(id.Raw))
            {
                group.Add(last.Id);
            }
            else
            {
                group.Add(Intern(names, id, scratch));
                last = id.Escaped ? default : (id.Start, id.Length, group[0]);
            }

            SkipPort(ref s);
            var first = edges.Count;
            while (s.Kind == DotToken.EdgeOp)
            {
                s.Next();
                next.Clear();
                Operand(ref s, names, next, scratch);
                foreach (var from in group)
                {
                    foreach (var to in next)
                    {
                        edges.Add((from, to));
                    }
                }

                (group, next) = (next, group);
            }

            if (s.IsPunctuation((byte)'[') && SkipAttributes(ref s))
            {
                for (var e = first; e < edges.Count; e++)
                {
                    red.Add(e);
                }
            }
        }

        if (s.Kind != DotToken.End)
        {
            throw s.Error($"{s.Describe()} after the graph's closing '}}'");
        }

        return true;
    }

    /// <summary>The right side of an edge operator: one node, or a <c>{ … }</c> (or <c>subgraph { … }</c>) of them.</summary>
    private static void Operand(ref DotScanner s, NameTable names, List<int> into, scoped Span<byte> scratch)
    {
        if (s.IsKeyword("subgraph"u8))
        {
            s.Next();
            if (s.Kind == DotToken.Id)
            {
                s.Next();
            }
        }

        if (!s.IsPunctuation((byte)'{'))
        {
            if (s.Kind != DotToken.Id)
            {
                throw s.Error($"expected a node after the edge operator, found {s.Describe()}");
            }

            into.Add(Intern(names, s, scratch));
            s.Next();
            SkipPort(ref s);
            return;
        }

        s.Next();
        while (!s.IsPunctuation((byte)'}'))
        {
            if (s.Kind == DotToken.End)
            {
                throw s.Error("the file ends inside a '{ … }' of nodes (cut short?)");
            }

            if (s.Kind == DotToken.Id)
            {
                into.Add(Intern(names, s, scratch));
                s.Next();
                SkipPort(ref s);
            }
            else if (s.IsPunctuation((byte)'['))
            {
                SkipAttributes(ref s);
            }
            else
            {
                s.Next();
            }
        }

        s.Next();
    }

    private static int Intern(NameTable names, in DotScanner id, scoped Span<byte> scratch) =>
        !id.Escaped ? names.Intern(id.Raw)
        : id.Length <= scratch.Length ? names.Intern(id.Unescape(scratch))
        : names.Intern(id.Unescape(new byte[id.Length]));

    /// <summary>Skips <c>:port</c> and <c>:port:compass</c> after a node id.</summary>
    private static void SkipPort(ref DotScanner s)
    {
        while (s.IsPunctuation((byte)':'))
        {
            s.Next();
            if (s.Kind == DotToken.Id)
            {
                s.Next();
            }
        }
    }

    /// <summary>Skips an attribute list <c>[k = v, …]</c> and the token after it; true when it sets <c>color = "red"</c>.</summary>
    private static bool SkipAttributes(ref DotScanner s)
    {
        var red = false;
        s.Next();
        while (!s.IsPunctuation((byte)']'))
        {
            if (s.Kind == DotToken.End)
            {
                throw s.Error("the file ends inside an attribute list (cut short?)");
            }

            if (s.Kind == DotToken.Id && s.Raw.SequenceEqual("color"u8))
            {
                s.Next();
                if (s.IsPunctuation((byte)'='))
                {
                    s.Next();
                    red |= s.Kind == DotToken.Id && s.Raw.SequenceEqual("red"u8);
                }

                continue;
            }

            s.Next();
        }

        s.Next();
        return red;
    }
}
