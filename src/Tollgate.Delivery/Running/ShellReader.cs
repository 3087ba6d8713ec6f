using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>
/// One reading of a command as POSIX sh (dash, bash) reads it, copying it to shell text with each placeholder replaced
/// for the spot it stands in (<see cref="PlaceholderSite"/>). Followed: backslash escapes; <c>'…'</c>; <c>"…"</c>;
/// <c>$'…'</c> with its backslash escapes (bash, POSIX 2024); <c>$(…)</c>, backticks and <c>${…}</c>, each with quotes of
/// its own (a <c>#</c> inside <c>${…}</c> is no comment); <c>$((…))</c> and <c>((…))</c>, where <c>&lt;&lt;</c> is a shift;
/// <c># comments</c>; here-documents (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, a quoted delimiter), whose bodies start
/// after the next newline the shell reads as one and end at the line holding only the delimiter.
/// </summary>
internal sealed class ShellReader
{
    private readonly string text;
    private readonly string placeholder;
    private readonly string variable;
    private readonly StringBuilder script;
    private readonly List<PlaceholderSite> sites = [];
    private string? openHereDocument;
    private int limit;
    private int arithmetic;
    private int i;

    private enum Context { Unquoted, Double, HereDocument }

    public ShellReader(string text, string placeholder, string variable)
    {
        (this.text, this.placeholder, this.variable) = (text, placeholder, variable);
        script = new StringBuilder(text.Length + 32);
        limit = text.Length;
    }

    public ShellSubstitution Read()
    {
        Commands('\0');
        return new ShellSubstitution(script.ToString(), sites) { OpenHereDocument = openHereDocument };
    }

    private char At(int index) => index < limit ? text[index] : '\0';

    private void Copy(int count)
    {
        count = Math.Min(count, limit - i);
        script.Append(text, i, count);
        i += count;
    }

    /// <summary>Replaces the placeholder at <see cref="i"/>, if one stands there; inside arithmetic it is left as written.</summary>
    private bool Placeholder(PlaceholderSite site, string? reference)
    {
        if (i + placeholder.Length > limit || string.CompareOrdinal(text, i, placeholder, 0, placeholder.Length) != 0)
        {
            return false;
        }

        sites.Add(arithmetic > 0 ? PlaceholderSite.Arithmetic : site);
        script.Append(arithmetic > 0 || reference is null ? placeholder : reference);
        i += placeholder.Length;
        return true;
    }

    private string Reference(Context context) => context == Context.Unquoted ? "\"${" + variable + "}\"" : "${" + variable + "}";

    /// <summary>
    /// Commands up to <paramref name="end"/> (<c>)</c> closing <c>$(</c>, a backtick) or the end of the text, each level
    /// with here-documents of its own: a body follows the next newline of the level its operator is on.
    /// </summary>
    private void Commands(char end)
    {
        var depth = 0;
        var pending = new Queue<HereDocument>();
        while (i < limit)
        {
            if (Placeholder(PlaceholderSite.Word, Reference(Context.Unquoted)))
            {
                continue;
            }

            var (c, next) = (text[i], At(i + 1));
            var wordStart = i == 0 || IsWordEnd(text[i - 1]);
            if (c == '`' && end == '`' || c == ')' && end == ')' && depth == 0)
            {
                Copy(1);
                return;
            }

            if (c == '\\')
            {
                Copy(2);
            }
            else if (c == '\'')
            {
                Single();
            }
            else if (c == '"' || c == '$' && next == '"')
            {
                Copy(c == '"' ? 1 : 2);
                Double(Context.Double);
            }
            else if (c == '$' && next == '\'')
            {
                AnsiC();
            }
            else if (Expansion(Context.Unquoted))
            {
            }
            else if (c == '#' && wordStart)
            {
                Comment(end);
            }
            else if (c == '<' && next == '<')
            {
                HereOperator(pending);
            }
            else if (c == '(' && next == '(' && wordStart)
            {
                Arithmetic(2);
            }
            else
            {
                depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
                Copy(1);
                if (c == '\n')
                {
                    Bodies(pending);
                }
            }
        }

        // The text ended with an operator whose body has not begun.
        openHereDocument ??= pending.FirstOrDefault()?.Operator;
    }

    /// <summary><c>$((</c>, <c>$(</c>, <c>${</c> or a backtick at <see cref="i"/>, read to its end; false when none starts there.</summary>
    private bool Expansion(Context context)
    {
        var (c, next) = (text[i], At(i + 1));
        if (c == '$' && next == '(' && At(i + 2) == '(')
        {
            Arithmetic(3);
        }
        else if (c == '$' && next == '(')
        {
            Copy(2);
            Commands(')');
        }
        else if (c == '$' && next == '{')
        {
            Copy(2);
            Brace(context);
        }
        else if (c == '`')
        {
            Copy(1);
            Commands('`');
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>After an opening <c>"</c>: up to the closing one; also the body of an unquoted here-document, which has none.</summary>
    private void Double(Context context)
    {
        var site = context == Context.HereDocument ? PlaceholderSite.HereDocument : PlaceholderSite.Word;
        while (i < limit)
        {
            if (Placeholder(site, Reference(context)))
            {
                continue;
            }

            if (text[i] == '"' && context == Context.Double)
            {
                Copy(1);
                return;
            }

            if (text[i] == '\\')
            {
                Copy(2);
            }
            else if (!Expansion(context))
            {
                Copy(1);
            }
        }
    }

    /// <summary>After <c>${</c>: up to its <c>}</c>, the first one outside quotes and nested expansions, as dash and bash close it.</summary>
    private void Brace(Context context)
    {
        var site = context == Context.HereDocument ? PlaceholderSite.HereDocument : PlaceholderSite.Word;
        while (i < limit)
        {
            if (Placeholder(site, Reference(context)))
            {
                continue;
            }

            var (c, next) = (text[i], At(i + 1));
            if (c == '}')
            {
                Copy(1);
                return;
            }

            if (c == '\\')
            {
                Copy(2);
            }
            else if (c == '"')
            {
                Copy(1);
                Double(Context.Double);
            }
            else if (c == '\'' && context == Context.Unquoted)
            {
                Single();
            }
            else if (c == '$' && next == '\'' && context == Context.Unquoted)
            {
                AnsiC();
            }
            else if (!Expansion(context))
            {
                Copy(1);
            }
        }
    }

    /// <summary><c>'…'</c> from its opening quote, each placeholder closed out of it: <c>'v='"${V}"''</c>.</summary>
    private void Single()
    {
        Copy(1);
        while (i < limit && text[i] != '\'')
        {
            if (!Placeholder(PlaceholderSite.Word, "'\"${" + variable + "}\"'"))
            {
                Copy(1);
            }
        }

        Copy(1);
    }

    /// <summary><c>$'…'</c> from its <c>$</c>: a backslash escapes the next character, <c>\'</c> included.</summary>
    private void AnsiC()
    {
        Copy(2);
        while (i < limit && text[i] != '\'')
        {
            if (!Placeholder(PlaceholderSite.AnsiCQuotes, null))
            {
                Copy(text[i] == '\\' ? 2 : 1);
            }
        }

        Copy(1);
    }

    /// <summary><c>$((…))</c> or <c>((…))</c> from its opener of <paramref name="opener"/> characters, to the <c>))</c> that closes it.</summary>
    private void Arithmetic(int opener)
    {
        Copy(opener);
        arithmetic++;
        var depth = 0;
        while (i < limit)
        {
            if (Placeholder(PlaceholderSite.Arithmetic, null))
            {
                continue;
            }

            var c = text[i];
            if (c == ')' && depth == 0 && At(i + 1) == ')')
            {
                Copy(2);
                break;
            }

            if (c == '\\')
            {
                Copy(2);
            }
            else if (c == '"')
            {
                Copy(1);
                Double(Context.Double);
            }
            else if (c == '\'')
            {
                Single();
            }
            else if (!Expansion(Context.Unquoted))
            {
                depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
                Copy(1);
            }
        }

        arithmetic--;
    }

    /// <summary>
    /// A comment runs to the end of the line, or inside backticks to the closing one (the shell finds it first); nothing
    /// in it is read by the shell, placeholders included. Inside <c>$(…)</c> it runs past a <c>)</c> as the shell's does.
    /// </summary>
    private void Comment(char end)
    {
        while (i < limit && text[i] != '\n' && !(end == '`' && text[i] == '`'))
        {
            if (!Placeholder(PlaceholderSite.Comment, null))
            {
                Copy(1);
            }
        }
    }

    /// <summary><c>&lt;&lt;</c> and its delimiter word (bash's <c>&lt;&lt;&lt;</c> has none): a here-document whose body comes after the next newline.</summary>
    private void HereOperator(Queue<HereDocument> pending)
    {
        var (document, end) = HereDocument.Read(text, i, limit);
        Copy(end - i);
        if (document is not null)
        {
            pending.Enqueue(document);
        }
    }

    /// <summary>
    /// After a newline the shell reads as one: the bodies of the here-documents whose operators came before it, in order,
    /// each to its delimiter line. An unquoted body expands <c>$</c> and backticks (a placeholder becomes <c>${V}</c>);
    /// a quoted one is copied as it is.
    /// </summary>
    private void Bodies(Queue<HereDocument> pending)
    {
        while (pending.TryDequeue(out var document))
        {
            var (bodyEnd, next) = document.Body(text, i, limit);
            if (bodyEnd == limit)
            {
                openHereDocument ??= document.Operator;
            }

            var outer = limit;
            limit = bodyEnd;
            if (document.Quoted)
            {
                while (i < limit)
                {
                    if (!Placeholder(PlaceholderSite.QuotedHereDocument, null))
                    {
                        Copy(1);
                    }
                }
            }
            else
            {
                Double(Context.HereDocument);
            }

            limit = outer;
            Copy(next - i);
        }
    }

    /// <summary>White space or an operator character: what ends a word, and before which a <c>#</c> starts a comment.</summary>
    internal static bool IsWordEnd(char c) => char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '(' or ')' or '<' or '>';
}
