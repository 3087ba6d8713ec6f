using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tollgate.Yaml;

/// <summary>
/// Reads a YAML text's events once, without building nodes, and refuses what YamlDotNet's node model cannot take:
/// collections nested deeper than <see cref="Limit"/> (the node model recurses per level, so a policy or spec nested
/// 100,000 deep would exhaust the stack) and a mapping entry without a key (<c>- : x</c>, <c>: x</c>), on which the
/// node model throws <see cref="ArgumentException"/> instead of a YAML error. The parser itself keeps its state on the
/// heap, so this pass is safe at any depth.
/// </summary>
internal static class YamlPrecheck
{
    /// <summary>Far deeper than any policy or spec is written.</summary>
    public const int Limit = 64;

    /// <summary>
    /// Null when the text nests within the limit; else the line and column where it went deeper. Throws
    /// <see cref="YamlException"/> for text that is not YAML, at the mapping that holds an entry without a key, and where
    /// YamlDotNet's scanner fails with <see cref="InvalidOperationException"/> (some malformed flow collections), at the
    /// last event it read.
    /// </summary>
    public static (long Line, long Column)? FirstTooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var last = Mark.Empty;

        // Per open collection: where it starts, whether it is a mapping, and how many nodes it holds so far.
        var starts = new Mark[Limit + 1];
        var mapping = new bool[Limit + 1];
        var nodes = new int[Limit + 1];
        while (MoveNext(parser, ref last))
        {
            var current = parser.Current!;
            if (current is Scalar or AnchorAlias or MappingStart or SequenceStart && depth > 0)
            {
                nodes[depth]++;
            }

            switch (current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > Limit)
                    {
                        return (current.Start.Line, current.Start.Column);
                    }

                    (starts[depth], mapping[depth], nodes[depth]) = (current.Start, current is MappingStart, 0);
                    break;
                case MappingEnd or SequenceEnd:
                    if (mapping[depth] && nodes[depth] % 2 != 0)
                    {
                        throw new YamlException(starts[depth], starts[depth], "the mapping that starts here has an entry without a key");
                    }

                    depth--;
                    break;
            }
        }

        return null;
    }

    private static bool MoveNext(Parser parser, ref Mark last)
    {
        try
        {
            var more = parser.MoveNext();
            last = parser.Current?.Start ?? last;
            return more;
        }
        catch (InvalidOperationException e)
        {
            throw new YamlException(last, last, "the YAML reader cannot read what follows", e);
        }
    }
}
