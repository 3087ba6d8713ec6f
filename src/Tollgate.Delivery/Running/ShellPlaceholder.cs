using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>
/// Puts a value into a user's <c>/bin/sh -c</c> command as data, never as shell text: each <c>{placeholder}</c> becomes
/// a reference to an environment variable that holds the value, written for the quotes the placeholder stands in, so
/// <c>$(…)</c>, backticks and quotes in the value are never read by the shell:
/// bare <c>./serve.sh {version}</c> → <c>./serve.sh "${V}"</c>; in double quotes <c>"v={version}"</c> → <c>"v=${V}"</c>;
/// in single quotes <c>'v={version}'</c> → <c>'v='"${V}"''</c> (the single quotes closed around it). The quotes are
/// followed as POSIX sh reads them: backslash escapes, <c>'…'</c>, <c>"…"</c>, <c>$(…)</c> and backticks (each a
/// command of its own, with quotes of its own) and <c># comments</c>; a backslash-escaped <c>\{version}</c> is left as
/// written. Whatever the command's shape, only the variable's name enters the shell text: a command the rules misread
/// can at worst pass the name literally, never run the value.
/// </summary>
public static class ShellPlaceholder
{
    private enum Quote { None, Double, Command, Backtick }

    /// <summary>
    /// <paramref name="template"/> with every <paramref name="placeholder"/> the shell would read replaced by a reference
    /// to <paramref name="variable"/>.
    /// </summary>
    public static string Substitute(string template, string placeholder, string variable)
    {
        var bare = "\"${" + variable + "}\"";
        var script = new StringBuilder(template.Length + 32);
        var open = new Stack<(Quote Quote, int Depth)>();
        open.Push((Quote.None, 0));
        var i = 0;
        while (i < template.Length)
        {
            var (quote, depth) = open.Peek();
            if (string.CompareOrdinal(template, i, placeholder, 0, placeholder.Length) == 0)
            {
                script.Append(quote == Quote.Double ? "${" + variable + "}" : bare);
                i += placeholder.Length;
                continue;
            }

            var c = template[i];
            var next = i + 1 < template.Length ? template[i + 1] : '\0';
            if (c == '\\')
            {
                script.Append(template, i, Math.Min(2, template.Length - i));
                i += 2;
                continue;
            }

            if (c == '$' && next == '(')
            {
                open.Push((Quote.Command, 0));
                script.Append("$(");
                i += 2;
                continue;
            }

            if (c == '`')
            {
                if (quote == Quote.Backtick)
                {
                    open.Pop();
                }
                else
                {
                    open.Push((Quote.Backtick, 0));
                }
            }
            else if (quote == Quote.Double)
            {
                if (c == '"')
                {
                    open.Pop();
                }
            }
            else if (c == '"')
            {
                open.Push((Quote.Double, 0));
            }
            else if (c == '\'')
            {
                i = SingleQuoted(template, i, placeholder, variable, script);
                continue;
            }
            else if (c == '#' && (i == 0 || IsWordEnd(template[i - 1])))
            {
                // A comment runs to the end of the line: nothing in it is read by the shell, placeholders included.
                var end = template.IndexOf('\n', i);
                end = end < 0 ? template.Length : end;
                script.Append(template, i, end - i);
                i = end;
                continue;
            }
            else if (quote == Quote.Command && c == '(')
            {
                open.Pop();
                open.Push((quote, depth + 1));
            }
            else if (quote == Quote.Command && c == ')')
            {
                open.Pop();
                if (depth > 0)
                {
                    open.Push((quote, depth - 1));
                }
            }

            script.Append(c);
            i++;
        }

        return script.ToString();
    }

    /// <summary>Copies <c>'…'</c> from its opening quote at <paramref name="start"/>, placeholders closed out of it; the index after it.</summary>
    private static int SingleQuoted(string template, int start, string placeholder, string variable, StringBuilder script)
    {
        script.Append('\'');
        var i = start + 1;
        while (i < template.Length && template[i] != '\'')
        {
            if (string.CompareOrdinal(template, i, placeholder, 0, placeholder.Length) == 0)
            {
                script.Append("'\"${").Append(variable).Append("}\"'");
                i += placeholder.Length;
                continue;
            }

            script.Append(template[i]);
            i++;
        }

        if (i < template.Length)
        {
            script.Append('\'');
            i++;
        }

        return i;
    }

    private static bool IsWordEnd(char c) => char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '(' or ')' or '<' or '>';
}
