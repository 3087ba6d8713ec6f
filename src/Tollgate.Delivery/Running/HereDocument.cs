using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>
/// A here-document whose operator has been read and whose body starts after the next newline: <paramref name="Operator"/>
/// as written (<c>&lt;&lt;-'EOF'</c>), the delimiter after quote removal, whether any of it was quoted (then the body
/// is not expanded) and whether <c>&lt;&lt;-</c> strips leading tabs.
/// </summary>
internal sealed record HereDocument(string Operator, string Delimiter, bool Quoted, bool StripTabs)
{
    /// <summary>
    /// The operator whose <c>&lt;&lt;</c> is at <paramref name="start"/> and where its delimiter word ends; no document
    /// for bash's <c>&lt;&lt;&lt;</c> (a here-string) or an operator without a word.
    /// </summary>
    public static (HereDocument? Document, int End) Read(string text, int start, int limit)
    {
        if (start + 2 < limit && text[start + 2] == '<')
        {
            return (null, start + 3);
        }

        var i = start + 2;
        var stripTabs = i < limit && text[i] == '-';
        i += stripTabs ? 1 : 0;
        while (i < limit && text[i] is ' ' or '\t')
        {
            i++;
        }

        var delimiter = new StringBuilder();
        var quoted = false;
        while (i < limit && !ShellTokens.IsWordEnd(text[i]))
        {
            var c = text[i];
            if (c is '\\' or '\'' or '"')
            {
                // Any quoting in the delimiter leaves the body unexpanded; the delimiter is the word with its quotes removed.
                quoted = true;
                var close = c == '\\' ? Math.Min(i + 1, limit - 1) : text.IndexOf(c, i + 1, limit - i - 1);
                close = close < 0 ? limit - 1 : close;
                delimiter.Append(c == '\\' ? text.AsSpan(close, close - i) : text.AsSpan(i + 1, Math.Max(0, close - i - 1)));
                i = close + 1;
            }
            else
            {
                delimiter.Append(c);
                i++;
            }
        }

        return (delimiter.Length > 0 || quoted ? new HereDocument(text[start..i], delimiter.ToString(), quoted, stripTabs) : null, i);
    }

    /// <summary>
    /// Where the body from <paramref name="start"/> ends and where the text after its delimiter line starts; the end of
    /// the text for both when no line ends it (dash and bash then end the document there).
    /// </summary>
    public (int BodyEnd, int Next) Body(string text, int start, int limit)
    {
        var line = start;
        while (line < limit)
        {
            // In an unquoted body a backslash-newline joins two lines before the delimiter is looked for.
            var content = new StringBuilder();
            var end = line;
            while (true)
            {
                var newline = text.IndexOf('\n', end, limit - end);
                var lineEnd = newline < 0 ? limit : newline;
                content.Append(text, end, lineEnd - end);
                var backslashes = content.Length - content.ToString().TrimEnd('\\').Length;
                if (Quoted || backslashes % 2 == 0 || newline < 0)
                {
                    end = lineEnd;
                    break;
                }

                content.Length--;
                end = lineEnd + 1;
            }

            var read = content.ToString();
            if ((StripTabs ? read.TrimStart('\t') : read) == Delimiter)
            {
                return (line, Math.Min(end + 1, limit));
            }

            line = end + 1;
        }

        return (limit, limit);
    }
}
