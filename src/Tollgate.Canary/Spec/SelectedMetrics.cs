using System.Text;

namespace Tollgate.Canary.Spec;

/// <summary>
/// The metric names a PromQL expression selects: the name before a selector's braces (<c>http_requests_total{…}</c>,
/// or alone) and a <c>__name__="…"</c> matcher, in order of appearance, each once. Read by a small scanner of PromQL's
/// tokens (https://prometheus.io/docs/prometheus/latest/querying/basics/): strings, comments, ranges, numbers and
/// durations, function calls, keywords and the label lists of <c>by</c>, <c>without</c>, <c>on</c>, <c>ignoring</c>,
/// <c>group_left</c> and <c>group_right</c> are passed over. A selector named by a regular expression or not at all
/// (<c>{__name__=~"http_.*"}</c>, <c>{job="api"}</c>) has no name to give: it is counted in <see cref="Unnamed"/>.
/// </summary>
public sealed record SelectedMetrics(IReadOnlyList<string> Names, int Unnamed)
{
    /// <summary>Words the PromQL lexer reads as keywords (case-insensitive): never a metric name.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
        "limitk", "limit_ratio", "inf", "nan",
    };

    /// <summary>Keywords followed by a parenthesised list of label names, not an expression.</summary>
    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    public static SelectedMetrics Of(string query)
    {
        var names = new List<string>();
        var unnamed = 0;
        string? previousWord = null;
        var afterAt = false;
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var word = (string?)null;
            if (c == '#')
            {
                i = SkipTo(query, i, '\n');
            }
            else if (c is '"' or '\'' or '`')
            {
                i = SkipString(query, i);
            }
            else if (c == '[')
            {
                i = SkipTo(query, i, ']');
            }
            else if (c == '{')
            {
                // A selector without a name before its braces: named by its __name__ matcher, or not at all.
                var end = SkipMatchers(query, i);
                if (NameMatcher(query[(i + 1)..Math.Max(i + 1, end - 1)]) is { } named)
                {
                    Add(names, named);
                }
                else
                {
                    unnamed++;
                }

                i = end;
            }
            else if (c == '(' && previousWord is not null && LabelListKeywords.Contains(previousWord))
            {
                i = SkipTo(query, i, ')');
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < query.Length && char.IsAsciiDigit(query[i + 1])))
            {
                i = SkipNumber(query, i);
            }
            else if (IsNameStart(c))
            {
                var start = i;
                while (i < query.Length && IsNameChar(query[i]))
                {
                    i++;
                }

                word = query[start..i];
                var next = NextSignificant(query, i);
                var call = next < query.Length && query[next] == '(';
                if (!call && !afterAt && !Keywords.Contains(word))
                {
                    Add(names, word);
                    if (next < query.Length && query[next] == '{')
                    {
                        i = SkipMatchers(query, next);
                    }
                }
            }
            else
            {
                i++;
            }

            afterAt = c == '@';
            previousWord = word;
        }

        return new SelectedMetrics(names, unnamed);
    }

    private static void Add(List<string> names, string name)
    {
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            names.Add(name);
        }
    }

    /// <summary>The value of an equality matcher on <c>__name__</c> (or a quoted name alone) in a selector's matchers.</summary>
    private static string? NameMatcher(string matchers)
    {
        var i = 0;
        var termStart = true;
        while (i < matchers.Length)
        {
            var c = matchers[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                termStart |= c == ',';
                i++;
                continue;
            }

            if (c is '"' or '\'' or '`')
            {
                // A string alone as a whole term is a quoted metric name (Prometheus 3: {"my.metric", job="x"}).
                var end = SkipString(matchers, i);
                var next = NextSignificant(matchers, end);
                if (termStart && (next >= matchers.Length || matchers[next] == ','))
                {
                    return Unquote(matchers[i..end]);
                }

                i = end;
            }
            else if (IsNameStart(c))
            {
                var start = i;
                while (i < matchers.Length && IsNameChar(matchers[i]))
                {
                    i++;
                }

                var op = NextSignificant(matchers, i);
                var equality = op + 1 < matchers.Length && matchers[op] == '=' && matchers[op + 1] != '~';
                var value = equality ? NextSignificant(matchers, op + 1) : matchers.Length;
                if (matchers[start..i] == "__name__" && value < matchers.Length && matchers[value] is '"' or '\'' or '`')
                {
                    return Unquote(matchers[value..SkipString(matchers, value)]);
                }
            }
            else
            {
                i++;
            }

            termStart = false;
        }

        return null;
    }

    /// <summary>The text of a quoted PromQL string (Go's escapes for '…' and "…"; `…` raw).</summary>
    private static string Unquote(string quoted)
    {
        var body = quoted.Length >= 2 ? quoted[1..^1] : "";
        if (quoted.StartsWith('`'))
        {
            return body;
        }

        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                text.Append(body[i] switch { 'n' => '\n', 't' => '\t', _ => body[i] });
            }
            else
            {
                text.Append(body[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>Past the closing brace of the matchers starting at <paramref name="open"/> (strings may hold a brace).</summary>
    private static int SkipMatchers(string text, int open)
    {
        var i = open + 1;
        while (i < text.Length && text[i] != '}')
        {
            i = text[i] is '"' or '\'' or '`' ? SkipString(text, i) : i + 1;
        }

        return Math.Min(i + 1, text.Length);
    }

    private static int SkipString(string text, int open)
    {
        var quote = text[open];
        var i = open + 1;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return Math.Min(i + 1, text.Length);
    }

    private static int SkipTo(string text, int from, char close)
    {
        var end = text.IndexOf(close, from + 1);
        return end < 0 ? text.Length : end + 1;
    }

    /// <summary>Past a number or duration: 0.99, 1e-3, 0x1f, 5m, 1h30m.</summary>
    private static int SkipNumber(string text, int i)
    {
        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_'
            || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E' && !text[start..i].Contains('x', StringComparison.OrdinalIgnoreCase))))
        {
            i++;
        }

        return i;
    }

    private static int NextSignificant(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}
