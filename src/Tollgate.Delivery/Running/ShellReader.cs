namespace Tollgate.Delivery.Running;

/// <summary>
/// One reading of a command as POSIX sh (dash, bash) reads it, copying it to shell text with each placeholder replaced
/// for the spot it stands in (<see cref="PlaceholderSite"/>). Followed here: commands word by word, each word's role
/// known to its level (<see cref="CommandLevel"/>: <c>case … in … esac</c>, where bash evaluates a word as
/// arithmetic: <c>let</c>, <c>[[ … -eq … ]]</c>, integer variables, array elements; where it takes a variable's name or
/// runs code, <see cref="CommandOperands"/>); backslash escapes;
/// <c># comments</c>; here-documents (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, a quoted delimiter), whose bodies start
/// after the next newline the shell reads as one and end at the line holding only the delimiter; <c>((…))</c>. Quotes
/// and expansions inside a word are <see cref="WordParts"/>.
/// </summary>
internal sealed class ShellReader
{
    private readonly ShellCopy copy;
    private readonly WordParts parts;
    private readonly IReadOnlyDictionary<string, PlaceholderSite> attributes;
    private readonly Dictionary<string, PlaceholderSite> declared = [];
    private string? openHereDocument;

    private ShellReader(string text, string placeholder, string variable, IReadOnlyDictionary<string, PlaceholderSite> attributes)
    {
        copy = new ShellCopy(text, placeholder, variable);
        parts = new WordParts(copy, Commands);
        this.attributes = attributes;
    }

    /// <summary>
    /// The reading of <paramref name="text"/>; read twice when it declares integer or nameref variables, so that an
    /// assignment to one written before its declaration (in a function, a loop) is known as well.
    /// </summary>
    public static ShellSubstitution Read(string text, string placeholder, string variable)
    {
        var first = new ShellReader(text, placeholder, variable, new Dictionary<string, PlaceholderSite>());
        var read = first.Read();
        return first.declared.Count == 0 ? read : new ShellReader(text, placeholder, variable, first.declared).Read();
    }

    private ShellSubstitution Read()
    {
        Commands('\0');
        return copy.Result(openHereDocument);
    }

    /// <summary>
    /// Commands up to <paramref name="end"/> (<c>)</c> closing <c>$(</c> where no pattern or parenthesis of their own
    /// is open, a backtick) or the end of the text, each level with here-documents of its own: a body follows the next
    /// newline of the level its operator is on.
    /// </summary>
    private void Commands(char end)
    {
        var level = new CommandLevel(attributes, declared);
        var pending = new Queue<HereDocument>();
        while (!copy.AtEnd)
        {
            var (c, next) = (copy[0], copy[1]);
            var wordStart = copy.Position == 0 || ShellTokens.IsWordEnd(copy.Text[copy.Position - 1]);
            if (c == '`' && end == '`' || c == ')' && end == ')' && level.ClosedBy)
            {
                copy.Copy(1);
                return;
            }

            if (c is ' ' or '\t')
            {
                copy.Copy(1);
            }
            else if (c == '#' && wordStart)
            {
                Comment(end);
            }
            else if (c == '<' && next == '<')
            {
                HereOperator(pending, level);
            }
            else if (c == '(' && next == '(' && wordStart)
            {
                parts.Arithmetic(2);
            }
            else if (c is '<' or '>' && next == '(')
            {
                // bash's process substitution, <(…) and >(…): commands of their own.
                copy.Copy(2);
                Commands(')');
            }
            else if (ShellTokens.IsWordEnd(c))
            {
                var op = ShellTokens.Operator(copy.Text, copy.Position, copy.Limit);
                copy.Copy(op.Length);
                level.Operator(op);
                if (c == '\n')
                {
                    Bodies(pending);
                }
            }
            else
            {
                Word(level, end);
            }
        }

        // The text ended with an operator whose body has not begun.
        openHereDocument ??= pending.FirstOrDefault()?.Operator;
    }

    /// <summary>
    /// A word, to the blank or operator after it, read for what it is to its command (<see cref="CommandLevel.Word"/>);
    /// an operand of <c>[[ … ]]</c> is read again as arithmetic when an <c>-eq</c> or the like follows it.
    /// </summary>
    private void Word(CommandLevel level, char end)
    {
        var literal = ShellTokens.Literal(copy.Text, copy.Position, copy.Limit);
        var after = copy[literal.Length];
        var whole = copy.Position + literal.Length >= copy.Limit || ShellTokens.IsWordEnd(after) || after == '`' && end == '`';
        var start = copy.Position;
        while (start < copy.Limit && copy.Text[start] is '\'' or '"')
        {
            start++;
        }

        // A word the value may begin (quotes aside): a program could take it for an option.
        var role = level.Word(literal, whole, after, ShellTokens.Unquoted(copy.Text, copy.Position, copy.Limit), copy.PlaceholderAt(start));
        var (mark, open) = (copy.Mark(), openHereDocument);
        WordText(role, end);
        if (role.LookAhead && ShellTokens.ArithmeticComparisonAt(copy.Text, copy.Position, copy.Limit))
        {
            copy.Rewind(mark);
            openHereDocument = open;
            WordText(role with { Evaluated = PlaceholderSite.Comparison }, end);
        }
    }

    /// <summary>
    /// The word's text: a leading array element whose index bash evaluates (an assignment's <c>a[…]=</c>, a name
    /// <c>a[…]</c> a builtin takes, quoted or not, or <c>[…]</c> in an array's value) has its index read as the
    /// arithmetic bash makes of it, the rest as the word's role says.
    /// </summary>
    private void WordText(WordRole role, char end)
    {
        var outer = copy.Evaluated;
        var quote = '\0';
        if (role.Element && copy[0] == '[')
        {
            parts.Index(WordParts.IndexIn.Word, end);
        }
        else if (role.Indexed && ShellTokens.IndexedName(copy.Text, copy.Position, copy.Limit) is > 0 and var name)
        {
            quote = copy[0];
            copy.Copy(name);
            parts.Index(quote switch { '\'' => WordParts.IndexIn.Single, '"' => WordParts.IndexIn.Double, _ => WordParts.IndexIn.Word }, end);
        }

        copy.Evaluated ??= role.Evaluated;
        if (quote == '\'')
        {
            parts.SingleRest();
        }
        else if (quote == '"')
        {
            parts.Double(WordParts.Context.Double);
        }

        while (!copy.AtEnd && !ShellTokens.IsWordEnd(copy[0]) && !(copy[0] == '`' && end == '`'))
        {
            if (copy.Placeholder(PlaceholderSite.Word, copy.Reference(bare: true)))
            {
                continue;
            }

            var (c, next) = (copy[0], copy[1]);
            if (c == '\\')
            {
                copy.Escape();
            }
            else if (c == '\'')
            {
                parts.Single();
            }
            else if (c == '"' || c == '$' && next == '"')
            {
                copy.Copy(c == '"' ? 1 : 2);
                parts.Double(WordParts.Context.Double);
            }
            else if (c == '$' && next == '\'')
            {
                parts.AnsiC();
            }
            else if (!parts.Expansion(WordParts.Context.Unquoted))
            {
                copy.Copy(1);
            }
        }

        copy.Evaluated = outer;
    }

    /// <summary>
    /// A comment runs to the end of the line, or inside backticks to the closing one (the shell finds it first); nothing
    /// in it is read by the shell, placeholders included. Inside <c>$(…)</c> it runs past a <c>)</c> as the shell's does.
    /// </summary>
    private void Comment(char end)
    {
        while (!copy.AtEnd && copy[0] != '\n' && !(end == '`' && copy[0] == '`'))
        {
            if (!copy.Placeholder(PlaceholderSite.Comment, null))
            {
                copy.Copy(1);
            }
        }
    }

    /// <summary>
    /// <c>&lt;&lt;</c> and its delimiter word: a here-document whose body comes after the next newline; bash's
    /// <c>&lt;&lt;&lt;</c> (a here-string) is a redirection whose word follows.
    /// </summary>
    private void HereOperator(Queue<HereDocument> pending, CommandLevel level)
    {
        var (document, end) = HereDocument.Read(copy.Text, copy.Position, copy.Limit);
        if (document is null && copy[2] == '<')
        {
            level.Operator("<<<");
        }

        copy.Copy(end - copy.Position);
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
            var (bodyEnd, next) = document.Body(copy.Text, copy.Position, copy.Limit);
            if (bodyEnd == copy.Limit)
            {
                openHereDocument ??= document.Operator;
            }

            var outer = copy.Limit;
            copy.Limit = bodyEnd;
            if (document.Quoted)
            {
                while (!copy.AtEnd)
                {
                    if (!copy.Placeholder(PlaceholderSite.QuotedHereDocument, null))
                    {
                        copy.Copy(1);
                    }
                }
            }
            else
            {
                parts.Double(WordParts.Context.HereDocument);
            }

            copy.Limit = outer;
            copy.Copy(next - copy.Position);
        }
    }
}
