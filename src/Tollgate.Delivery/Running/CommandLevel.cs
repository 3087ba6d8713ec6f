namespace Tollgate.Delivery.Running;

/// <summary>
/// The grammar of one level of commands (the text, or the inside of a <c>$(…)</c> or backticks) as far as a placeholder
/// depends on it, fed its words and operators in order by <see cref="ShellReader"/>. It knows which word names a command,
/// as sh and bash do, so that <c>case … in … esac</c> is followed (a <c>)</c> ending a pattern does not close the
/// <c>$(…)</c> around it) and bash's arithmetic words are known where bash evaluates them: the arguments of <c>let</c>,
/// the operands of <c>-eq</c> … <c>-ge</c> inside <c>[[ … ]]</c>, and values for variables declared integer
/// (<c>declare -i</c>, <c>typeset -i</c>, <c>local -i</c>), assigned directly, through <c>declare</c>, <c>export</c>,
/// <c>readonly</c> or <c>local</c>, or by <c>for NAME in</c>. A word is given as its literal text: its characters up to
/// the first quote, <c>$</c>, backtick or backslash.
/// </summary>
internal sealed class CommandLevel(IReadOnlySet<string> integers, ISet<string> declaredIntegers)
{
    /// <summary>Words after which the next word still names a command: reserved words and bash's command prefixes.</summary>
    private static readonly HashSet<string> Prefixes = ["!", "{", "if", "then", "else", "elif", "while", "until", "do", "time", "command", "builtin"];

    private static readonly HashSet<string> Declarations = ["declare", "typeset", "local", "export", "readonly"];

    private static readonly HashSet<string> Redirections = ["<", ">", ">>", "<&", ">&", "<>", ">|", "&>", "&>>", "<<<"];

    private readonly Stack<Case> cases = new();
    private bool atCommand = true;
    private string? command;
    private int arguments;
    private bool integerDeclaration;
    private bool integerLoop;
    private bool redirection;
    private bool conditional;
    private PlaceholderSite? comparison;
    private bool arrayFollows;
    private bool arrayInteger;
    private int array = -1;

    private enum CaseState { Subject, In, Pattern, Body }

    /// <summary>Parentheses open at this level (subshells, function definitions, array values).</summary>
    public int Depth { get; private set; }

    /// <summary>Whether a <c>)</c> here closes the <c>$(…)</c> the level is in, rather than a pattern or a parenthesis of its own.</summary>
    public bool ClosedBy => Depth == 0 && !InPattern;

    private bool InPattern => cases.TryPeek(out var top) && top.State == CaseState.Pattern && top.Depth == Depth;

    /// <summary>One of bash's arithmetic comparisons, whose operands <c>[[ … ]]</c> evaluates as arithmetic (and <c>test</c> does not).</summary>
    public static bool IsArithmeticComparison(string word) => word is "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge";

    /// <summary>
    /// The next word, whose literal text is <paramref name="literal"/> (all of it when <paramref name="whole"/>), with
    /// <paramref name="after"/> the character after that text: what the word is, and the state for the words after it.
    /// </summary>
    public WordRole Word(string literal, bool whole, char after)
    {
        var keyword = whole ? literal : null;
        if (redirection || whole && after is '<' or '>' && literal.Length > 0 && literal.All(char.IsAsciiDigit))
        {
            // A redirection's target, or the descriptor before one (2>&1): no command, no argument.
            redirection = false;
            return default;
        }

        if (array >= 0 && Depth == array + 1)
        {
            return new WordRole(arrayInteger ? PlaceholderSite.IntegerVariable : null, Element: true);
        }

        if (cases.TryPeek(out var top) && top.Depth == Depth && top.State != CaseState.Body)
        {
            return CaseWord(top, keyword);
        }

        if (conditional)
        {
            return ConditionalWord(keyword);
        }

        if (atCommand && keyword == "esac" && top is { State: CaseState.Body } && top.Depth == Depth)
        {
            cases.Pop();
            atCommand = false;
            return default;
        }

        return atCommand ? CommandWord(literal, keyword, after) : Argument(literal, keyword, after);
    }

    /// <summary>An operator (<c>;</c>, <c>;;</c>, <c>&amp;&amp;</c>, <c>|</c>, <c>(</c>, <c>)</c>, a redirection) or a newline.</summary>
    public void Operator(string op)
    {
        var opensArray = arrayFollows;
        arrayFollows = false;
        var top = cases.TryPeek(out var c) && c.Depth == Depth ? c : null;
        switch (op)
        {
            case "(" when top is { State: CaseState.Pattern, PatternStart: true }:
                top.PatternStart = false;
                return;
            case "(":
                array = opensArray ? Depth : array;
                Depth++;
                NewCommand();
                return;
            case ")" when top is { State: CaseState.Pattern }:
                top.State = CaseState.Body;
                NewCommand();
                return;
            case ")":
                Depth = Math.Max(0, Depth - 1);
                array = array == Depth ? -1 : array;
                NewCommand();
                return;
            case ";;" or ";&" or ";;&" when top is { State: CaseState.Body }:
                (top.State, top.PatternStart) = (CaseState.Pattern, true);
                NewCommand();
                return;
            case "|" when top is { State: CaseState.Pattern }:
                return;
            case "\n" when top is { State: not CaseState.Body }:
                return;
            case var _ when Redirections.Contains(op):
                // Inside [[ … ]], < and > compare strings.
                redirection = !conditional;
                return;
            default:
                if (!conditional)
                {
                    NewCommand();
                }

                comparison = null;
                return;
        }
    }

    private void NewCommand() =>
        (atCommand, command, arguments, integerDeclaration, integerLoop, comparison) = (true, null, 0, false, false, null);

    private WordRole CaseWord(Case top, string? keyword)
    {
        switch (top.State)
        {
            case CaseState.Subject:
                top.State = CaseState.In;
                break;
            case CaseState.In when keyword == "in":
                (top.State, top.PatternStart) = (CaseState.Pattern, true);
                break;
            case CaseState.Pattern when top.PatternStart && keyword == "esac":
                cases.Pop();
                atCommand = false;
                break;
            case CaseState.Pattern:
                top.PatternStart = false;
                break;
        }

        return default;
    }

    private WordRole ConditionalWord(string? keyword)
    {
        if (keyword == "]]")
        {
            (conditional, atCommand, comparison) = (false, false, null);
            return default;
        }

        if (keyword is not null && IsArithmeticComparison(keyword))
        {
            comparison = PlaceholderSite.Comparison;
            return default;
        }

        var operand = comparison;
        comparison = null;
        return new WordRole(operand, LookAhead: operand is null);
    }

    private WordRole CommandWord(string literal, string? keyword, char after)
    {
        if (keyword == "case")
        {
            cases.Push(new Case(Depth));
            atCommand = false;
            return default;
        }

        if (keyword == "[[")
        {
            (conditional, atCommand) = (true, false);
            return default;
        }

        if (keyword is not null && Prefixes.Contains(keyword))
        {
            return default;
        }

        if (AssignedName(literal) is { } name)
        {
            // NAME=value before the command (or alone): the next word may still name it.
            return Assignment(literal, name, whole: keyword is not null, after, integers.Contains(name));
        }

        (atCommand, command, arguments) = (false, keyword ?? "", 0);
        return default;
    }

    private WordRole Argument(string literal, string? keyword, char after)
    {
        arguments++;
        switch (command)
        {
            case "let":
                return new WordRole(PlaceholderSite.Arithmetic);
            case "function" when keyword == "{":
                // function f { …: the body's first word names a command.
                NewCommand();
                return default;
            case "for" or "select" when arguments == 1:
                integerLoop = keyword is not null && integers.Contains(keyword);
                return default;
            case "for" or "select" when arguments > 2:
                return new WordRole(integerLoop ? PlaceholderSite.IntegerVariable : null);
            case var declaration when declaration is not null && Declarations.Contains(declaration):
                if (literal.StartsWith('-'))
                {
                    integerDeclaration |= declaration is "declare" or "typeset" or "local" && literal.AsSpan(1).Contains('i');
                    return default;
                }

                var name = AssignedName(literal) ?? (keyword is not null && IsName(keyword) ? keyword : null);
                if (name is not null && integerDeclaration)
                {
                    declaredIntegers.Add(name);
                }

                return name is null ? default : Assignment(literal, name, whole: keyword is not null, after, integerDeclaration || integers.Contains(name));
            default:
                return default;
        }
    }

    /// <summary><c>NAME=value</c>, <c>NAME+=value</c> or <c>NAME=(…)</c>: bash evaluates a value for an integer variable as arithmetic.</summary>
    private WordRole Assignment(string literal, string name, bool whole, char after, bool integer)
    {
        if (whole && after == '(' && literal.EndsWith('='))
        {
            (arrayFollows, arrayInteger) = (true, integer);
        }

        return new WordRole(integer ? PlaceholderSite.IntegerVariable : null);
    }

    /// <summary>The variable a word assigns (<c>n=</c>, <c>n+=</c>, <c>a[…]</c>), from its literal text; null for any other word.</summary>
    private static string? AssignedName(string literal)
    {
        var end = 0;
        while (end < literal.Length && (literal[end] == '_' || char.IsAsciiLetter(literal[end]) || end > 0 && char.IsAsciiDigit(literal[end])))
        {
            end++;
        }

        var rest = literal.AsSpan(end);
        return end > 0 && (rest.StartsWith("=") || rest.StartsWith("+=") || rest.StartsWith("[")) ? literal[..end] : null;
    }

    private static bool IsName(string word) => AssignedName(word + "=") == word;

    /// <summary>A <c>case</c> being read: its place (the level's depth at <c>case</c>) and what comes next.</summary>
    private sealed class Case(int depth)
    {
        public int Depth { get; } = depth;

        public CaseState State { get; set; }

        /// <summary>No word of the current pattern read yet: a <c>(</c> here is the pattern's optional opener, an <c>esac</c> ends the case.</summary>
        public bool PatternStart { get; set; }
    }
}
