using Tollgate.Domain;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Yaml;

/// <summary>
/// The one-line, positioned messages (<c>file:line:column: …</c>, exit 3) of a YAML file Tollgate cannot take: the
/// policy, an owners map, a canary spec, Kubernetes manifests. Text that is not YAML reads the same in each of them,
/// <c>file:line:column: not valid YAML: the parser's reason</c>.
/// </summary>
public sealed class YamlErrors(string source)
{
    public string Source { get; } = source;

    /// <summary>
    /// Where a line and column of the text the parser read was in the text as written, when the reader changed it
    /// before parsing (a stream of JSON values made documents); null when it did not. Every position said goes through it.
    /// </summary>
    public Func<long, long, (long Line, long Column)>? Place { get; init; }

    public InvalidInputException At(YamlNode node, string message) => At(node.Start.Line, node.Start.Column, message);

    public InvalidInputException At(long line, long column, string message)
    {
        (line, column) = Place?.Invoke(line, column) ?? (line, column);
        return new($"{Source}:{line}:{column}: {message}");
    }

    /// <summary>
    /// "spec.yaml:3:1: not valid YAML: While parsing a node, did not find expected node content": where the parser
    /// stopped (<paramref name="fallback"/>, the last position read, when the error carries none) and its reason on one
    /// line. The parser's own words, never those of a runtime exception it may wrap. <paramref name="text"/> is the text
    /// as written (positions are mapped to it through <see cref="Place"/>).
    /// </summary>
    public InvalidInputException NotValid(YamlException error, Mark? fallback = null, string? text = null)
    {
        // The scanner refuses a tab that indents without a position (so at the document's start), or at the start of
        // the plain scalar the indented line continues ("found a tab character that violate indentation"): the tab is
        // found in the text, from the line after the scalar's start on.
        if (text is not null && TabFrom(error, fallback) is { } from && TabIndenting(text, Place?.Invoke(from, 1).Line ?? from) is { } tab)
        {
            return new($"{Source}:{tab.Line}:{tab.Column}: not valid YAML: a tab indents this line (YAML indents with spaces)", error);
        }

        var mark = error.Start.Line > 0 ? error.Start : fallback ?? error.Start;
        var at = Place?.Invoke(mark.Line, mark.Column) ?? (mark.Line, mark.Column);
        var hint = text is null ? "" : Hint(CharacterAt(text, at.Line, at.Column));
        return new($"{Source}:{Math.Max(1, at.Line)}:{Math.Max(1, at.Column)}: not valid YAML: {error.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')}{hint}", error);
    }

    /// <summary>
    /// What to do about the character the parser stopped at, where YAML reserves it: a value written <c>@team</c> (a
    /// GitHub handle) or <c>`cmd`</c> cannot start unquoted (YAML 1.2 §5.3: reserved indicators).
    /// </summary>
    private static string Hint(char? at) => at switch
    {
        '@' or '`' => $"; a value starting with {at} must be quoted ('{at}…')",
        _ => "",
    };

    /// <summary>The parser's line from which a tab that indents is looked for, when the parser refused one; else null.</summary>
    private static long? TabFrom(YamlException error, Mark? fallback) =>
        error.Message.StartsWith("While scanning a mapping, found invalid tab as indentation", StringComparison.Ordinal) ? fallback?.Line ?? 1
        : error.Message.StartsWith("While scanning a plain scalar, found a tab character that violate", StringComparison.Ordinal) && error.Start.Line > 0 ? error.Start.Line + 1
        : null;

    /// <summary>The 1-based line and column of the first tab in a line's indentation, from line <paramref name="from"/> on; null when there is none.</summary>
    private static (long Line, long Column)? TabIndenting(string text, long from)
    {
        var line = 0L;
        foreach (var row in text.AsSpan().EnumerateLines())
        {
            if (++line >= from && row.IndexOfAnyExcept(' ', '\t') is var content && row[..(content < 0 ? row.Length : content)].IndexOf('\t') is >= 0 and var column)
            {
                return (line, column + 1);
            }
        }

        return null;
    }

    /// <summary>The character at 1-based <paramref name="line"/> and <paramref name="column"/> of <paramref name="text"/>, or null.</summary>
    private static char? CharacterAt(string text, long line, long column)
    {
        var start = 0;
        for (var l = 1L; l < line; l++)
        {
            start = text.IndexOf('\n', start) + 1;
            if (start == 0)
            {
                return null;
            }
        }

        var index = start + column - 1;
        return column >= 1 && index < text.Length && (text.IndexOf('\n', start) is var end && (end < 0 || index < end)) ? text[(int)index] : null;
    }

    /// <summary>The root node of the one document the text holds (<see cref="YamlText.OnlyRoot"/>), or null when it holds none; text that is not YAML, or two documents, fail here.</summary>
    public YamlNode? Root(string text)
    {
        try
        {
            return YamlText.OnlyRoot(text);
        }
        catch (YamlException shape) when (shape is YamlTooDeepException or YamlSecondDocumentException)
        {
            // Text that is YAML but no file Tollgate reads: its own words at its place, not "not valid YAML".
            throw At(shape.Start.Line, shape.Start.Column, shape.Message);
        }
        catch (YamlException e)
        {
            throw NotValid(e, text: text);
        }
    }
}
