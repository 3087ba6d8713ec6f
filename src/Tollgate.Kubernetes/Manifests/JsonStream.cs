using System.Text;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// A stream of JSON values in one text, as <c>jq -c '.items[]'</c> writes it: one object after another, with no
/// <c>---</c> between them. <c>kubectl apply -f</c> reads it value by value (its YAML-or-JSON decoder reads JSON one
/// value at a time), where a YAML parser stops after the first. Each value after the first that starts a line is made
/// a document of its own by a <c>--- </c> written before it on the same line, so every line keeps its number; the
/// columns of those lines move right by <see cref="Shift"/>, which <see cref="YamlDocuments"/> takes back.
/// </summary>
internal static class JsonStream
{
    public const int Shift = 4;

    /// <summary>
    /// <paramref name="text"/> with a document start before each JSON value after the first that begins a line, and
    /// the (1-based) lines that got one; the text itself and no lines when it is not a stream of JSON values.
    /// </summary>
    public static (string Text, HashSet<long> Shifted) Separate(string text)
    {
        var shifted = new HashSet<long>();
        var i = Skip(text, text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0);
        if (i >= text.Length || text[i] is not ('{' or '['))
        {
            return (text, shifted);
        }

        var starts = new List<int>();
        while (i < text.Length && text[i] is '{' or '[')
        {
            var end = ValueEnd(text, i);
            if (end < 0)
            {
                return (text, shifted); // unbalanced: the parser says where
            }

            i = Skip(text, end);
            if (i < text.Length && text[i] is '{' or '[' && text[i - 1] is '\n' or '\r')
            {
                starts.Add(i);
            }
            else
            {
                break;
            }
        }

        if (starts.Count == 0)
        {
            return (text, shifted);
        }

        var result = new StringBuilder(text.Length + (Shift * starts.Count));
        var from = 0;
        foreach (var start in starts)
        {
            result.Append(text, from, start - from).Append("--- ");
            from = start;
        }

        result.Append(text, from, text.Length - from);
        var line = 1L;
        var next = 0;
        for (var k = 0; k < text.Length && next < starts.Count; k++)
        {
            if (k == starts[next])
            {
                shifted.Add(line);
                next++;
            }

            if (text[k] == '\n' || (text[k] == '\r' && (k + 1 >= text.Length || text[k + 1] != '\n')))
            {
                line++;
            }
        }

        return (result.ToString(), shifted);
    }

    private static int Skip(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The index just after the bracketed value that opens at <paramref name="i"/>, skipping quoted text; -1 when it does not close.</summary>
    private static int ValueEnd(string text, int i)
    {
        var depth = 0;
        for (; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '\'':
                    for (i++; i < text.Length && text[i] != '\''; i++)
                    {
                    }

                    break; // YAML's '' inside single quotes closes and reopens: the same depth either way
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }
}
