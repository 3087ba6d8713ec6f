namespace Tollgate.Delivery.Running;

/// <summary>
/// The grammar of one level of commands (the text, or the inside of a <c>$(…)</c> or backticks) as far as a placeholder
/// depends on it, fed its words and operators in order by <see cref="ShellReader"/>. It knows which word names a command,
/// as sh and bash do, so that <c>case … in … esac</c> is followed (a <c>)</c> ending a pattern does not close the
/// <c>$(…)</c> around it) and the words bash reads as more than data are known: arithmetic (the arguments of
/// <c>let</c>, the operands of <c>-eq</c> … <c>-ge</c> inside <c>[[ … ]]</c>, values for variables declared integer,
/// <c>declare -i</c>, <c>typeset -i</c>, <c>local -i</c>, assigned directly, through <c>declare</c>, <c>export</c>,
/// <c>readonly</c> or <c>local</c>, or by <c>for NAME in</c>); names (what the declarations and <c>[[ -v … ]]</c> take,
/// a nameref's value, <c>declare -n</c>, and the operands <see cref="CommandOperands"/> knows); code (the same); a
/// value <c>declare -a</c> or <c>-A</c> assigns. <paramref name="attributes"/> are the variables declared integer or
/// nameref anywhere in the text (found by an earlier reading); those this reading finds go to <paramref name="declared"/>.
/// A word is given as its literal text: its characters up to the first quote, <c>$</c>, backtick or backslash.
/// </summary>
internal sealed class CommandLevel(IReadOnlyDictionary<string, PlaceholderSite> attributes, IDictionary<string, PlaceholderSite> declared)
{
    /// <summary>
    /// Words after which the next word still names a command: reserved words and bash's command prefixes. After
    /// <c>command</c>, <c>builtin</c> and <c>time</c> (which run a builtin in this shell, evaluating what it evaluates)
    /// their options are skipped (<c>-p</c>, <c>--</c>); <c>command -v</c>/<c>-V</c> only describes the command; after
    /// <c>builtin</c> only a builtin is run. Programs that run a command are <see cref="CommandWrapper"/>'s.
    /// </summary>
    private static readonly HashSet<string> Prefixes = ["!", "{", "if", "then", "else", "elif", "while", "until", "do", "time", "command", "builtin"];

    private static readonly HashSet<string> Declarations = ["declare", "typeset", "local", "export", "readonly"];

    private static readonly HashSet<string> Redirections = ["<", ">", ">>", "<&", ">&", "<>", ">|", "&>", "&>>", "<<<"];

    private readonly Stack<Case> cases = new();
    private bool atCommand = true;
    private string? command;
    private int arguments;
    private CommandOperands? operands;
    private CommandWrapper? wrapper;
    private string? prefix;
    private PlaceholderSite? declaredAttribute;
    private bool declaredArray;
    private PlaceholderSite? loopVariable;
    private bool redirection;
    private bool conditional;
    private PlaceholderSite? comparison;
    private bool arrayFollows;
    private PlaceholderSite? arrayElements;
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
    /// <paramref name="after"/> the character after that text and <paramref name="unquoted"/> its text with quotes removed
    /// (<see cref="ShellTokens.Unquoted"/>: <c>\eval</c> is <c>eval</c>): what the word is, and the state for the words after it.
    /// </summary>
    public WordRole Word(string literal, bool whole, char after, (string Text, bool Whole) unquoted, bool open = false)
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
            return new WordRole(arrayElements, Element: true);
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

        return atCommand ? CommandWord(literal, keyword, after, unquoted) : Argument(literal, keyword, after, unquoted, open);
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
        (atCommand, command, arguments, operands, wrapper, prefix, declaredAttribute, declaredArray, loopVariable, comparison) = (true, null, 0, null, null, null, null, false, null, null);

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

        if (keyword is not null && IsArithmeticComparison(keyword) || keyword == "-v")
        {
            // [[ -v NAME ]]: bash looks the name up, evaluating its index.
            comparison = keyword == "-v" ? PlaceholderSite.VariableName : PlaceholderSite.Comparison;
            return default;
        }

        var operand = comparison;
        comparison = null;
        return new WordRole(operand, LookAhead: operand is null, Indexed: operand == PlaceholderSite.VariableName);
    }

    private WordRole CommandWord(string literal, string? keyword, char after, (string Text, bool Whole) unquoted)
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
            // command, builtin and time run the next word in this shell, a builtin keeping what it evaluates.
            prefix = keyword is "command" or "builtin" or "time" ? keyword : null;
            return default;
        }

        if (prefix is not null && keyword is { Length: > 1 } && keyword[0] == '-')
        {
            // Their options: command -p, time -p, --. command -v or -V only describes the command after it.
            if (prefix == "command" && keyword != "--" && (keyword.Contains('v') || keyword.Contains('V')))
            {
                (atCommand, command, prefix) = (false, "command", null);
            }

            return default;
        }

        if (AssignedName(literal) is { } assigned)
        {
            // NAME=value before the command (or alone): the next word may still name it.
            return Assignment(literal, whole: keyword is not null, after, Attribute(assigned));
        }

        // A quoted name is no reserved word but names the same builtin: \eval, 'unset', l"et".
        var name = keyword ?? (unquoted.Whole ? unquoted.Text : null);
        (atCommand, command, arguments) = (false, name ?? "", 0);
        (operands, wrapper) = name is null ? (null, null) : (CommandOperands.For(name, programs: prefix != "builtin"), prefix == "builtin" && name != "exec" ? null : CommandWrapper.For(name));
        prefix = null;
        return default;
    }

    private WordRole Argument(string literal, string? keyword, char after, (string Text, bool Whole) unquoted, bool open)
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
                loopVariable = keyword is null ? null : Attribute(keyword);
                return default;
            case "for" or "select" when arguments > 2:
                return new WordRole(loopVariable);
            case var declaration when declaration is not null && Declarations.Contains(declaration):
                return DeclarationWord(declaration, literal, keyword, after, unquoted.Text);
            case var _ when wrapper is not null:
                return wrapper.Argument(literal, whole: keyword is not null, unquoted, open);
            default:
                return operands?.Argument(literal, whole: keyword is not null) ?? default;
        }
    }

    /// <summary>
    /// An argument of <c>declare</c>, <c>typeset</c>, <c>local</c>, <c>export</c> or <c>readonly</c>: options, or a
    /// name, alone or assigned (<c>NAME=value</c>, quoted too, <c>"NAME=value"</c>). A placeholder in the name is
    /// refused (in a leading <c>a[…]</c>, <c>'a[…]</c> or <c>"a[…]</c> read as the index), and in the value as its
    /// options make it: <c>-i</c> integer, <c>-n</c> a name, <c>-a</c>/<c>-A</c> an array's list.
    /// </summary>
    private WordRole DeclarationWord(string declaration, string literal, string? keyword, char after, string unquoted)
    {
        if (literal.Length > 1 && literal[0] is '-' or '+')
        {
            // export -n un-exports; only the other three declare a nameref (or an integer).
            var flags = literal[0] == '-' ? literal[1..] : "";
            var attributed = declaration is "declare" or "typeset" or "local";
            declaredAttribute = attributed && flags.Contains('n') || declaredAttribute == PlaceholderSite.VariableName ? PlaceholderSite.VariableName
                : attributed && flags.Contains('i') ? PlaceholderSite.IntegerVariable : declaredAttribute;
            declaredArray |= flags.Contains('a') || flags.Contains('A');
            return default;
        }

        var name = AssignedName(literal) ?? AssignedName(unquoted, index: false) ?? (keyword is not null && IsName(keyword) ? keyword : null);
        if (name is null)
        {
            // The name is not the word's literal text: the placeholder may be (part of) it.
            return new WordRole(PlaceholderSite.VariableName, Indexed: true);
        }

        if (declaredAttribute is { } declaring)
        {
            declared[name] = declaring;
        }

        var attribute = declaredAttribute ?? Attribute(name);
        return Assignment(literal, whole: keyword is not null, after, attribute, declaredArray && attribute != PlaceholderSite.VariableName ? PlaceholderSite.ArrayValue : attribute);
    }

    private PlaceholderSite? Attribute(string name) => attributes.TryGetValue(name, out var site) ? site : null;

    /// <summary>
    /// <c>NAME=value</c>, <c>NAME+=value</c>, <c>a[…]=value</c> or <c>NAME=(…)</c> for a variable with
    /// <paramref name="attribute"/> (integer, nameref, none), with <paramref name="value"/> what bash makes of a value:
    /// arithmetic for an integer variable, a name for a nameref, an array's list after <c>declare -a</c>, data (null) else.
    /// </summary>
    private WordRole Assignment(string literal, bool whole, char after, PlaceholderSite? attribute, PlaceholderSite? value = null)
    {
        if (whole && after == '(' && literal.EndsWith('='))
        {
            (arrayFollows, arrayElements) = (true, attribute == PlaceholderSite.IntegerVariable ? attribute : null);
        }

        return new WordRole(value ?? attribute, Indexed: true);
    }

    /// <summary>The variable a word assigns (<c>n=</c>, <c>n+=</c>, <c>a[…]</c> unless not <paramref name="index"/>), from its literal text; null for any other word.</summary>
    private static string? AssignedName(string literal, bool index = true)
    {
        var end = 0;
        while (end < literal.Length && (literal[end] == '_' || char.IsAsciiLetter(literal[end]) || end > 0 && char.IsAsciiDigit(literal[end])))
        {
            end++;
        }

        var rest = literal.AsSpan(end);
        return end > 0 && (rest.StartsWith("=") || rest.StartsWith("+=") || index && rest.StartsWith("[")) ? literal[..end] : null;
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
