using System.Text;
using Tollgate.Domain;

namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// Splits DOT (https://graphviz.org/doc/info/lang.html) into ids (bare, numeral or quoted with escapes) and
/// punctuation (<c>{ } [ ] ; , = -&gt; --</c>); comments and whitespace vanish.
/// </summary>
internal static class DotTokenizer
{
    /// <summary>Tokens: ids are returned with <c>IsId</c> true and their unquoted text.</summary>
    public static List<(string Text, bool IsId)> Tokenize(string text, string sourceName)
    {
        var tokens = new List<(string, bool)>(text.Length / 8);
        var pool = new HashSet<string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
            }
            else if (c == '"')
            {
                i = Quoted(text, i + 1, tokens, lookup, sourceName);
            }
            else if (c == '-' && i + 1 < text.Length && (text[i + 1] == '>' || text[i + 1] == '-'))
            {
                tokens.Add((text[i + 1] == '>' ? "->" : "--", false));
                i += 2;
            }
            else if (c is '{' or '}' or '[' or ']' or ';' or ',' or '=' or ':')
            {
                tokens.Add((Punctuation(c), false));
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-') && !(text[i] == '-' && i + 1 < text.Length && text[i + 1] is '>' or '-'))
                {
                    i++;
                }

                tokens.Add((Intern(lookup, text.AsSpan(start, i - start)), true));
            }
            else if (c == '<')
            {
                i = Html(text, i, tokens);
            }
            else
            {
                throw new InvalidInputException($"{sourceName} is not DOT: unexpected '{c}' at offset {i}");
            }
        }

        return tokens;
    }

    private static string Punctuation(char c) => c switch
    {
        '{' => "{",
        '}' => "}",
        '[' => "[",
        ']' => "]",
        ';' => ";",
        ',' => ",",
        '=' => "=",
        _ => ":",
    };

    /// <summary>One string per distinct id: a node name written a dozen times is allocated once.</summary>
    private static string Intern(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> text)
    {
        if (lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var value = text.ToString();
        lookup.Add(value);
        return value;
    }

    private static int Quoted(string text, int i, List<(string, bool)> tokens, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, string sourceName)
    {
        var stop = text.AsSpan(i).IndexOfAny('"', '\\');
        if (stop >= 0 && text[i + stop] == '"')
        {
            tokens.Add((Intern(lookup, text.AsSpan(i, stop)), true));
            return i + stop + 1;
        }

        var value = new StringBuilder();
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                if (text[i + 1] == '\n')
                {
                    i += 2;
                    continue;
                }

                if (text[i + 1] == '"' || text[i + 1] == '\\')
                {
                    value.Append(text[i + 1]);
                    i += 2;
                    continue;
                }
            }

            value.Append(text[i]);
            i++;
        }

        if (i >= text.Length)
        {
            throw new InvalidInputException($"{sourceName} is not DOT: a quoted id is never closed");
        }

        tokens.Add((value.ToString(), true));
        return i + 1;
    }

    private static int Html(string text, int i, List<(string, bool)> tokens)
    {
        var depth = 0;
        var start = i;
        do
        {
            depth += text[i] == '<' ? 1 : text[i] == '>' ? -1 : 0;
            i++;
        }
        while (i < text.Length && depth > 0);
        tokens.Add((text[start..i], true));
        return i;
    }
}
