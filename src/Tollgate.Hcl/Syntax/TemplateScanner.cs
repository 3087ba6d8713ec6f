namespace Tollgate.Hcl.Syntax;

/// <summary>Finds where quoted templates and <c>${ … }</c> / <c>%{ … }</c> sequences end, nesting included.</summary>
internal static class TemplateScanner
{
    /// <summary>Returns the offset of the closing quote of a quoted template whose content starts at <paramref name="pos"/>.</summary>
    public static int SkipQuoted(SourceText source, int pos, int end, int depth = 0)
    {
        if (depth > NestingDepth.Limit)
        {
            throw NestingDepth.TooDeep(source, pos - 1);
        }

        var text = source.Text;
        var start = pos;
        while (pos < end)
        {
            var c = text[pos];
            if (c == '"')
            {
                return pos;
            }

            if (c == '\n')
            {
                break;
            }

            if (c == '\\')
            {
                pos += 2;
                continue;
            }

            if (IsSequenceStart(text, pos, end, out var escaped))
            {
                pos = escaped ? pos + 3 : SkipSequence(source, pos + 2, end, depth + 1) + 1;
                continue;
            }

            pos++;
        }

        throw new HclSyntaxException(source.PositionOf(start - 1), "quoted string is never closed on its line");
    }

    /// <summary>True at <c>${</c> or <c>%{</c>; <paramref name="escaped"/> for the literal forms <c>$${</c> and <c>%%{</c>.</summary>
    public static bool IsSequenceStart(string text, int pos, int end, out bool escaped)
    {
        escaped = false;
        var c = text[pos];
        if (c is not ('$' or '%') || pos + 1 >= end)
        {
            return false;
        }

        if (text[pos + 1] == '{')
        {
            return true;
        }

        if (text[pos + 1] == c && pos + 2 < end && text[pos + 2] == '{')
        {
            escaped = true;
            return true;
        }

        return false;
    }

    /// <summary>Returns the offset of the <c>}</c> that closes a sequence whose body starts at <paramref name="pos"/>.</summary>
    public static int SkipSequence(SourceText source, int pos, int end, int depth = 0)
    {
        var text = source.Text;
        var start = pos;
        var braces = 0;
        while (pos < end)
        {
            var c = text[pos];
            switch (c)
            {
                case '"':
                    pos = SkipQuoted(source, pos + 1, end, depth + 1) + 1;
                    continue;
                case '{':
                    braces++;
                    break;
                case '}' when braces == 0:
                    return pos;
                case '}':
                    braces--;
                    break;
                case '#':
                    pos = SkipLine(text, pos, end);
                    continue;
                case '/' when pos + 1 < end && text[pos + 1] == '/':
                    pos = SkipLine(text, pos, end);
                    continue;
                case '/' when pos + 1 < end && text[pos + 1] == '*':
                    var close = text.IndexOf("*/", pos + 2, end - pos - 2, StringComparison.Ordinal);
                    pos = close < 0 ? end : close + 2;
                    continue;
            }

            pos++;
        }

        throw new HclSyntaxException(source.PositionOf(start - 2), "template sequence is never closed with '}'");
    }

    private static int SkipLine(string text, int pos, int end)
    {
        var newline = text.IndexOf('\n', pos, end - pos);
        return newline < 0 ? end : newline;
    }
}
