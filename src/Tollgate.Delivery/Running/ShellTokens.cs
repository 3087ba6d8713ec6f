using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>What sh reads at a position of a command's text, looking no further than the token there: for <see cref="ShellReader"/>.</summary>
internal static class ShellTokens
{
    /// <summary>sh's and bash's operators, longest first: separators, <c>case</c>'s <c>;;</c>, parentheses, redirections.</summary>
    private static readonly string[] Operators = [";;&", "&>>", ";;", ";&", "&&", "&>", "||", "|&", ">>", ">&", ">|", "<&", "<>", ";", "&", "|", "(", ")", "<", ">"];

    /// <summary>A blank (space, tab, newline; sh splits on no other) or an operator character: what ends a word, and before which a <c>#</c> starts a comment.</summary>
    public static bool IsWordEnd(char c) => c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

    /// <summary>The operator at <paramref name="at"/>, whose first character is an operator character.</summary>
    public static string Operator(string text, int at, int limit) =>
        Array.Find(Operators, o => at + o.Length <= limit && string.CompareOrdinal(text, at, o, 0, o.Length) == 0) ?? text[at].ToString();

    /// <summary>
    /// The literal start of the word at <paramref name="at"/>: its characters up to the first quote, <c>$</c>, backtick,
    /// backslash, or its end (a blank or an operator).
    /// </summary>
    public static string Literal(string text, int at, int limit)
    {
        var end = at;
        while (end < limit && !IsWordEnd(text[end]) && text[end] is not ('\'' or '"' or '$' or '`' or '\\'))
        {
            end++;
        }

        return text[at..end];
    }

    /// <summary>
    /// The word at <paramref name="at"/> as the shell passes it on, quotes and backslashes removed, up to its first
    /// expansion (<c>$</c>, a backtick) or its end, and whether that is all of it: a command's name as bash looks it up
    /// however it is quoted (<c>\unset</c>, <c>'eval'</c>), or an assignment <c>declare</c> takes (<c>"x=…"</c>).
    /// </summary>
    public static (string Text, bool Whole) Unquoted(string text, int at, int limit)
    {
        var word = new StringBuilder();
        var quote = '\0';
        var i = at;
        while (i < limit && !(quote == '\0' && IsWordEnd(text[i])))
        {
            var c = text[i];
            if (quote != '\'' && c is '$' or '`')
            {
                return (word.ToString(), false);
            }

            if (c == quote || quote == '\0' && c is '\'' or '"')
            {
                quote = c == quote ? '\0' : c;
                i++;
            }
            else if (c == '\\' && quote != '\'' && i + 1 < limit && (quote == '\0' || text[i + 1] is '$' or '`' or '"' or '\\'))
            {
                word.Append(text[i + 1]);
                i += 2;
            }
            else
            {
                word.Append(c);
                i++;
            }
        }

        return (word.ToString(), quote == '\0');
    }

    /// <summary>Whether the next word after <paramref name="at"/> (past blanks on the line) is <c>-eq</c>, <c>-ne</c>, <c>-lt</c>, <c>-le</c>, <c>-gt</c> or <c>-ge</c>.</summary>
    public static bool ArithmeticComparisonAt(string text, int at, int limit)
    {
        while (at < limit && text[at] is ' ' or '\t')
        {
            at++;
        }

        var literal = Literal(text, at, limit);
        var after = at + literal.Length;
        return (after >= limit || IsWordEnd(text[after])) && CommandLevel.IsArithmeticComparison(literal);
    }

    /// <summary>
    /// The length of <c>NAME</c> (after one opening quote, if any) when a word at <paramref name="at"/> starts
    /// <c>NAME[</c>, <c>'NAME[</c> or <c>"NAME["</c>: an array element, where the word is an assignment or a name a
    /// builtin takes (<c>unset 'a[…]'</c>); else 0.
    /// </summary>
    public static int IndexedName(string text, int at, int limit)
    {
        var start = at < limit && text[at] is '\'' or '"' ? at + 1 : at;
        var end = start;
        while (end < limit && (text[end] == '_' || char.IsAsciiLetter(text[end]) || end > start && char.IsAsciiDigit(text[end])))
        {
            end++;
        }

        return end > start && end < limit && text[end] == '[' ? end - at : 0;
    }

    /// <summary>
    /// The length of the parameter's name after <c>${</c> (and its <c>#</c> or <c>!</c>) at <paramref name="at"/>: a
    /// name or number, or one special parameter (<c>@</c>, <c>*</c>, <c>#</c>, <c>?</c>, <c>-</c>, <c>$</c>, <c>!</c>).
    /// </summary>
    public static int ParameterName(string text, int at, int limit)
    {
        var end = at;
        while (end < limit && (text[end] == '_' || char.IsAsciiLetterOrDigit(text[end])))
        {
            end++;
        }

        return end > at ? end - at : at < limit && text[at] is '@' or '*' or '#' or '?' or '-' or '$' or '!' ? 1 : 0;
    }
}
