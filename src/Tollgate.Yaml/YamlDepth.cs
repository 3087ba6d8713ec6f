using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tollgate.Yaml;

/// <summary>
/// Reads a YAML text's events once, without building nodes, and refuses it when collections nest deeper than
/// <see cref="Limit"/>: YamlDotNet's node model recurses per level, so a policy or spec nested 100,000 deep would exhaust the
/// stack. The parser itself keeps its state on the heap, so this pass is safe at any depth.
/// </summary>
public static class YamlDepth
{
    /// <summary>Far deeper than any policy or spec is written.</summary>
    public const int Limit = 64;

    /// <summary>
    /// Null when the text nests within the limit; else the line and column where it went deeper. Throws
    /// <see cref="YamlException"/> for text that is not YAML, also where YamlDotNet's scanner fails with
    /// <see cref="InvalidOperationException"/> (some malformed flow collections), at the last event it read.
    /// </summary>
    public static (long Line, long Column)? FirstTooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var last = Mark.Empty;
        while (MoveNext(parser, ref last))
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > Limit)
                    {
                        return (parser.Current.Start.Line, parser.Current.Start.Column);
                    }

                    break;
                case MappingEnd or SequenceEnd:
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
