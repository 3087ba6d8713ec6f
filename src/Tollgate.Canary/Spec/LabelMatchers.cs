namespace Tollgate.Canary.Spec;

/// <summary>
/// The label matchers between a selector's braces, read as PromQL reads them: terms split by commas (a trailing one
/// allowed), each a label name (or a quoted one, as Prometheus 3 allows for names outside <c>[a-zA-Z_][a-zA-Z0-9_]*</c>),
/// one of <c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>, and a quoted value with its escapes; a quoted string alone is the
/// metric's name (<c>{"my.metric", job="x"}</c>), read as <c>__name__="my.metric"</c>.
/// </summary>
public static class LabelMatchers
{
    /// <summary>The matchers of <paramref name="inside"/> (the text between the braces), in order; null when it is not well formed.</summary>
    public static IReadOnlyList<LabelMatcher>? Parse(string inside)
    {
        var matchers = new List<LabelMatcher>();
        var i = Skip(inside, 0);
        while (i < inside.Length)
        {
            string name;
            if (PromString.IsQuote(inside[i]))
            {
                if (!PromString.Closed(inside, i))
                {
                    return null;
                }

                var end = PromString.Skip(inside, i);
                name = PromString.Unquote(inside[i..end]);
                i = Skip(inside, end);
                if (i >= inside.Length || inside[i] == ',')
                {
                    matchers.Add(new LabelMatcher("__name__", "=", name));
                    i = Skip(inside, Math.Min(i + 1, inside.Length));
                    continue;
                }
            }
            else if (IsNameStart(inside[i]))
            {
                var start = i;
                while (i < inside.Length && IsNameChar(inside[i]))
                {
                    i++;
                }

                name = inside[start..i];
                i = Skip(inside, i);
            }
            else
            {
                return null;
            }

            var op = Op(inside, i);
            if (op is null)
            {
                return null;
            }

            i = Skip(inside, i + op.Length);
            if (i >= inside.Length || !PromString.IsQuote(inside[i]) || !PromString.Closed(inside, i))
            {
                return null;
            }

            var valueEnd = PromString.Skip(inside, i);
            matchers.Add(new LabelMatcher(name, op, PromString.Unquote(inside[i..valueEnd])));
            i = Skip(inside, valueEnd);
            if (i < inside.Length)
            {
                if (inside[i] != ',')
                {
                    return null;
                }

                i = Skip(inside, i + 1);
            }
        }

        return matchers;
    }

    private static string? Op(string text, int i)
    {
        if (i >= text.Length)
        {
            return null;
        }

        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        return (text[i], next) switch
        {
            ('=', '~') => "=~",
            ('!', '~') => "!~",
            ('!', '=') => "!=",
            ('=', _) => "=",
            _ => null,
        };
    }

    private static int Skip(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
