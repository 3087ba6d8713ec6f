namespace Tollgate.Canary.Spec;

/// <summary>
/// The metric names a PromQL expression selects: the name before a selector's braces (<c>http_requests_total{…}</c>,
/// or alone) and a <c>__name__="…"</c> matcher, in order of appearance, each once. Read by a small scanner of PromQL's
/// tokens (https://prometheus.io/docs/prometheus/latest/querying/basics/): strings, comments, ranges, numbers and
/// durations, function calls, keywords and the label lists of <c>by</c>, <c>without</c>, <c>on</c>, <c>ignoring</c>,
/// <c>group_left</c> and <c>group_right</c> are passed over. A selector named by a regular expression or not at all
/// (<c>{__name__=~"http_.*"}</c>, <c>{job="api"}</c>) has no name to give: it is counted in <see cref="Unnamed"/>.
/// <see cref="Selectors"/> has every selector with its label matchers (<see cref="LabelMatchers"/>), in order.
/// </summary>
public sealed record SelectedMetrics(IReadOnlyList<string> Names, int Unnamed)
{
    /// <summary>Every vector selector of the query, named or not, with its matchers.</summary>
    public IReadOnlyList<MetricSelector> Selectors { get; init; } = [];

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
        var selectors = new List<MetricSelector>();
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
                i = PromString.Skip(query, i);
            }
            else if (c == '[')
            {
                i = SkipTo(query, i, ']');
            }
            else if (c == '{')
            {
                // A selector without a name before its braces: named by its __name__ matcher, or not at all.
                var end = SkipMatchers(query, i);
                var matchers = LabelMatchers.Parse(Inside(query, i, end)) ?? [];
                var named = matchers.FirstOrDefault(m => m is { Name: "__name__", Op: "=" })?.Value;
                if (named is not null)
                {
                    Add(names, named);
                }
                else
                {
                    unnamed++;
                }

                selectors.Add(new MetricSelector(named, [.. matchers.Where(m => m.Name != "__name__")]));
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
                    IReadOnlyList<LabelMatcher> matchers = [];
                    if (next < query.Length && query[next] == '{')
                    {
                        i = SkipMatchers(query, next);
                        matchers = LabelMatchers.Parse(Inside(query, next, i)) ?? [];
                    }

                    selectors.Add(new MetricSelector(word, [.. matchers.Where(m => m.Name != "__name__")]));
                }
            }
            else
            {
                i++;
            }

            afterAt = c == '@';
            previousWord = word;
        }

        return new SelectedMetrics(names, unnamed) { Selectors = selectors };
    }

    /// <summary>The text between the brace at <paramref name="open"/> and the one before <paramref name="end"/> (none when unclosed).</summary>
    private static string Inside(string query, int open, int end) =>
        end - 1 > open && query[end - 1] == '}' ? query[(open + 1)..(end - 1)] : "";

    private static void Add(List<string> names, string name)
    {
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            names.Add(name);
        }
    }

    /// <summary>Past the closing brace of the matchers starting at <paramref name="open"/> (strings may hold a brace).</summary>
    private static int SkipMatchers(string text, int open)
    {
        var i = open + 1;
        while (i < text.Length && text[i] != '}')
        {
            i = PromString.IsQuote(text[i]) ? PromString.Skip(text, i) : i + 1;
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
