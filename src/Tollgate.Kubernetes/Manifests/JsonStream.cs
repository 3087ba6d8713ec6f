using System.Text;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// A stream of JSON values in one text, as <c>jq -c '.items[]'</c> writes it: one object after another, with no
/// <c>---</c> between them, on lines of their own or on one line (<c>{…}{…}</c>, <c>{…} {…}</c>). <c>kubectl apply -f</c>
/// reads it value by value (its YAML-or-JSON decoder reads JSON one value at a time), where a YAML parser stops after
/// the first. Each value after the first is made a document of its own: by a <c>--- </c> written before it when it
/// starts a line, else by a line break and a <c>--- </c>. <see cref="Separate"/>'s <c>Place</c> gives back, for a line
/// and column of the text it returns, the line and column of the text as written, so every position said is the user's.
/// </summary>
internal static class JsonStream
{
    private const string Start = "--- ";

    /// <summary>
    /// <paramref name="text"/> with a document start before each JSON value after the first, and where a position in
    /// it was in <paramref name="text"/>; the text itself and no mapping when it is not a stream of JSON values.
    /// </summary>
    public static (string Text, Func<long, long, (long Line, long Column)>? Place) Separate(string text)
    {
        var i = Skip(text, text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0);
        if (i >= text.Length || text[i] is not ('{' or '['))
        {
            return (text, null);
        }

        var starts = new List<int>();
        while (i < text.Length && text[i] is '{' or '[')
        {
            var end = ValueEnd(text, i);
            if (end < 0)
            {
                break; // unbalanced: the parser says where
            }

            i = Skip(text, end);
            if (i < text.Length && text[i] is '{' or '[')
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
            return (text, null);
        }

        var result = new StringBuilder(text.Length + ((Start.Length + 1) * starts.Count));
        var broken = new List<long>(); // the lines of the result a line break was written before
        var valueColumn = new Dictionary<long, long>(); // a line of the result that starts with "--- ": the column its value had
        var (line, column, from, k) = (1L, 1L, 0, 0);
        foreach (var start in starts)
        {
            for (; k < start; k++)
            {
                (line, column) = text[k] == '\n' || (text[k] == '\r' && (k + 1 >= text.Length || text[k + 1] != '\n')) ? (line + 1, 1L) : (line, column + 1);
            }

            result.Append(text, from, start - from);
            if (text[start - 1] is not ('\n' or '\r'))
            {
                result.Append('\n');
                broken.Add(line + broken.Count + 1);
            }

            result.Append(Start);
            valueColumn[line + broken.Count] = column;
            from = start;
        }

        result.Append(text, from, text.Length - from);
        return (result.ToString(), (l, c) =>
        {
            var found = broken.BinarySearch(l);
            var before = found >= 0 ? found + 1 : ~found;
            return (l - before, valueColumn.TryGetValue(l, out var at) ? Math.Max(at, c - Start.Length + at - 1) : c);
        });
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
