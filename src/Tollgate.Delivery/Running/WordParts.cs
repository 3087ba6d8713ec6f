namespace Tollgate.Delivery.Running;

/// <summary>
/// The parts of a word sh reads as more than its characters, each from its opener to its end: <c>'…'</c>, <c>"…"</c>,
/// <c>$'…'</c> with its backslash escapes (bash, POSIX 2024), <c>$(…)</c> and backticks (commands of their own, read
/// by <paramref name="commands"/>), <c>${…}</c> with quotes of its own (a <c>#</c> in it is no comment), the arithmetic
/// of <c>$((…))</c>, <c>((…))</c> and bash's <c>$[…]</c> (where <c>&lt;&lt;</c> is a shift), and an array's index, which
/// bash evaluates as arithmetic too, as it does <c>${var:offset:length}</c>'s offset and length.
/// </summary>
internal sealed class WordParts(ShellCopy copy, Action<char> commands)
{
    /// <summary>How text is quoted where a part stands: not at all, in <c>"…"</c>, or in an unquoted here-document's body.</summary>
    public enum Context { Unquoted, Double, HereDocument }

    /// <summary>What an array's index stands in, and so what ends it if no <c>]</c> does.</summary>
    public enum IndexIn { Word, Brace, Single, Double }

    /// <summary><c>$((</c>, <c>$[</c>, <c>$(</c>, <c>${</c> or a backtick at the position, read to its end; false when none starts there.</summary>
    public bool Expansion(Context context)
    {
        var (c, next) = (copy[0], copy[1]);
        if (c == '$' && (next == '(' && copy[2] == '(' || next == '['))
        {
            Arithmetic(next == '[' ? 2 : 3);
        }
        else if (c == '$' && next == '(')
        {
            copy.Copy(2);
            commands(')');
        }
        else if (c == '$' && next == '{')
        {
            copy.Copy(2);
            Brace(context);
        }
        else if (c == '`')
        {
            copy.Copy(1);
            commands('`');
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>After an opening <c>"</c>: up to the closing one; also the body of an unquoted here-document, which has none.</summary>
    public void Double(Context context)
    {
        var site = context == Context.HereDocument ? PlaceholderSite.HereDocument : PlaceholderSite.Word;
        while (!copy.AtEnd)
        {
            if (copy.Placeholder(site, copy.Reference(bare: false)))
            {
                continue;
            }

            if (copy[0] == '"' && context == Context.Double)
            {
                copy.Copy(1);
                return;
            }

            if (copy[0] == '\\')
            {
                copy.Escape();
            }
            else if (!Expansion(context))
            {
                copy.Copy(1);
            }
        }
    }

    /// <summary><c>'…'</c> from its opening quote.</summary>
    public void Single()
    {
        copy.Copy(1);
        SingleRest();
    }

    /// <summary>Inside <c>'…'</c>, to its closing quote, each placeholder closed out of it: <c>'v='"${V}"''</c>.</summary>
    public void SingleRest()
    {
        while (!copy.AtEnd && copy[0] != '\'')
        {
            if (!copy.Placeholder(PlaceholderSite.Word, copy.SingleQuotedReference))
            {
                copy.Copy(1);
            }
        }

        copy.Copy(1);
    }

    /// <summary><c>$'…'</c> from its <c>$</c>: a backslash escapes the next character, <c>\'</c> included.</summary>
    public void AnsiC()
    {
        copy.Copy(2);
        while (!copy.AtEnd && copy[0] != '\'')
        {
            if (copy.Placeholder(PlaceholderSite.AnsiCQuotes, null))
            {
                continue;
            }

            if (copy[0] == '\\')
            {
                copy.Escape();
            }
            else
            {
                copy.Copy(1);
            }
        }

        copy.Copy(1);
    }

    /// <summary><c>$((…))</c>, <c>((…))</c> or <c>$[…]</c> from its opener of <paramref name="opener"/> characters, to the <c>))</c> or <c>]</c> that closes it.</summary>
    public void Arithmetic(int opener)
    {
        var (open, close) = copy[opener - 1] == '[' ? ('[', ']') : ('(', ')');
        copy.Copy(opener);
        var outer = copy.Evaluated;
        copy.Evaluated ??= PlaceholderSite.Arithmetic;
        var depth = 0;
        while (!copy.AtEnd)
        {
            if (copy.Placeholder(PlaceholderSite.Arithmetic, null))
            {
                continue;
            }

            var c = copy[0];
            if (c == close && depth == 0 && (close == ']' || copy[1] == ')'))
            {
                copy.Copy(close == ']' ? 1 : 2);
                break;
            }

            if (c == '\\')
            {
                copy.Escape();
            }
            else if (c == '"')
            {
                copy.Copy(1);
                Double(Context.Double);
            }
            else if (c == '\'')
            {
                Single();
            }
            else if (!Expansion(Context.Unquoted))
            {
                depth += c == open ? 1 : c == close && depth > 0 ? -1 : 0;
                copy.Copy(1);
            }
        }

        copy.Evaluated = outer;
    }

    /// <summary>
    /// From an array's <c>[</c> to its <c>]</c>, within the word, quotes or <c>${…}</c> it stands in (<paramref name="end"/>
    /// a backtick when that closes the commands around it): bash evaluates an indexed array's index as arithmetic, and
    /// an associative array's is a string, which the text does not tell apart.
    /// </summary>
    public void Index(IndexIn where, char end)
    {
        copy.Copy(1);
        var outer = copy.Evaluated;
        copy.Evaluated ??= PlaceholderSite.Subscript;
        var depth = 0;
        while (!copy.AtEnd)
        {
            if (copy.Placeholder(PlaceholderSite.Word, null))
            {
                continue;
            }

            var (c, next) = (copy[0], copy[1]);
            if (c == ']' && depth == 0)
            {
                copy.Copy(1);
                break;
            }

            if (where switch
            {
                IndexIn.Single => c == '\'',
                IndexIn.Double => c == '"',
                IndexIn.Brace => c == '}',
                _ => c is not (' ' or '\t') && ShellTokens.IsWordEnd(c) || c == '`' && end == '`',
            })
            {
                break;
            }

            if (where == IndexIn.Single)
            {
                copy.Copy(1);
            }
            else if (c == '\\')
            {
                copy.Escape();
            }
            else if (where != IndexIn.Double && c == '\'')
            {
                Single();
            }
            else if (where != IndexIn.Double && c == '"')
            {
                copy.Copy(1);
                Double(Context.Double);
            }
            else if (where != IndexIn.Double && c == '$' && next == '\'')
            {
                AnsiC();
            }
            else if (!Expansion(where == IndexIn.Double ? Context.Double : Context.Unquoted))
            {
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
                copy.Copy(1);
            }
        }

        copy.Evaluated = outer;
    }

    /// <summary>
    /// After <c>${</c>: up to its <c>}</c>, the first one outside quotes and nested expansions, as dash and bash close
    /// it; an array's index in it and <c>${var:offset:length}</c>'s offset and length are arithmetic to bash.
    /// </summary>
    private void Brace(Context context)
    {
        var site = context == Context.HereDocument ? PlaceholderSite.HereDocument : PlaceholderSite.Word;
        var outer = copy.Evaluated;
        copy.Copy(copy[0] is '#' or '!' && copy[1] != '}' ? 1 : 0);
        var name = ShellTokens.ParameterName(copy.Text, copy.Position, copy.Limit);
        copy.Copy(name);
        if (name > 0 && copy[0] == '[')
        {
            Index(IndexIn.Brace, '\0');
        }

        if (copy[0] == ':' && copy[1] is not ('-' or '=' or '?' or '+'))
        {
            copy.Evaluated ??= PlaceholderSite.Arithmetic;
        }

        while (!copy.AtEnd)
        {
            if (copy.Placeholder(site, copy.Reference(bare: context == Context.Unquoted)))
            {
                continue;
            }

            var (c, next) = (copy[0], copy[1]);
            if (c == '}')
            {
                copy.Copy(1);
                break;
            }

            if (c == '\\')
            {
                copy.Escape();
            }
            else if (c == '"')
            {
                copy.Copy(1);
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
                copy.Copy(1);
            }
        }

        copy.Evaluated = outer;
    }
}
