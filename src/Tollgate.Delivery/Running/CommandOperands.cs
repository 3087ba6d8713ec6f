namespace Tollgate.Delivery.Running;

/// <summary>
/// The arguments of a command that takes a variable's name or shell code, read as bash reads them (its builtins take
/// options as getopt does: flags joined or apart, an option's argument in the same word or the next, options ending at
/// <c>--</c> or the first operand), so that a placeholder there is left for the caller to refuse (<see cref="CommandLevel"/>
/// knows the declarations, <c>declare</c> … <c>readonly</c>, and <c>[[ -v NAME ]]</c>). Names, where bash evaluates the
/// index of a name <c>a[$(cmd)]</c> and so runs <c>cmd</c>: <c>printf -v NAME</c>, the operands of <c>read</c> and its
/// <c>-a NAME</c>, of <c>mapfile</c>/<c>readarray</c> and of <c>unset</c>, the second of <c>getopts</c>,
/// <c>wait -p NAME</c>, <c>test -v NAME</c> and <c>[ -v NAME ]</c>. Code, which the shell reads as commands: every
/// argument of <c>eval</c>, the file <c>.</c> and <c>source</c> read, <c>trap</c>'s action, <c>mapfile -C CALLBACK</c>,
/// and the command string of <c>sh</c>, <c>bash</c>, <c>dash</c>, <c>zsh</c>, <c>ksh</c> or <c>mksh</c> <c>-c</c> (joined
/// flags too, <c>-ec</c>; a path such as <c>/bin/bash</c> alike). A command another one starts (<c>env</c>,
/// <c>sudo</c>, <c>exec</c>, …) is read by <see cref="CommandWrapper"/>, which asks here with <c>builtins</c> false:
/// a program finds no builtin of the current shell (<c>env eval</c> finds no <c>eval</c>), only a new shell's <c>-c</c>;
/// after bash's <c>builtin</c> <c>programs</c> is false (<c>builtin bash -c</c> runs nothing).
/// </summary>
internal sealed class CommandOperands
{
    private static readonly HashSet<string> Shells = ["sh", "bash", "dash", "zsh", "ksh", "mksh"];

    private static readonly Dictionary<string, Grammar> Builtins = new()
    {
        ["printf"] = new("v", Names: "v"),
        ["read"] = new("adinNptu", Names: "a", Operands: PlaceholderSite.VariableName),
        ["mapfile"] = new("dnOsuCc", Code: "C", Operands: PlaceholderSite.VariableName),
        ["readarray"] = new("dnOsuCc", Code: "C", Operands: PlaceholderSite.VariableName),
        ["unset"] = new("", Operands: PlaceholderSite.VariableName),
        ["getopts"] = new("", Operands: PlaceholderSite.VariableName, First: 1, Last: 1),
        ["wait"] = new("p", Names: "p"),
        ["eval"] = new("", Operands: PlaceholderSite.Code, Options: false),
        ["."] = new("p", Operands: PlaceholderSite.Code, Last: 0),
        ["source"] = new("p", Operands: PlaceholderSite.Code, Last: 0),
        ["trap"] = new("", Operands: PlaceholderSite.Code, Last: 0),
    };

    /// <summary>A shell's options: <c>-o</c>/<c>-O</c> take an argument, <c>-c</c> makes the first operand the commands.</summary>
    private static readonly Grammar Shell = new("oO");

    private readonly Grammar grammar;
    private readonly bool shell;
    private readonly bool test;
    private int operands;
    private bool optionsEnded;
    private bool argumentFollows;
    private PlaceholderSite? argument;
    private bool commandString;

    private CommandOperands(Grammar grammar, bool shell = false, bool test = false) => (this.grammar, this.shell, this.test) = (grammar, shell, test);

    /// <summary>The reading of the arguments of <paramref name="command"/>; null for a command whose arguments are all data.</summary>
    public static CommandOperands? For(string command, bool builtins = true, bool programs = true) =>
        builtins && Builtins.TryGetValue(command, out var grammar) ? new CommandOperands(grammar)
        : builtins && command is "test" or "[" ? new CommandOperands(Shell, test: true)
        : programs && Shells.Contains(command[(command.LastIndexOf('/') + 1)..]) ? new CommandOperands(Shell, shell: true)
        : null;

    /// <summary>The next argument, whose literal text is <paramref name="literal"/> (all of it when <paramref name="whole"/>).</summary>
    public WordRole Argument(string literal, bool whole)
    {
        if (test)
        {
            // test -v NAME, [ -v NAME ]: bash looks the name up, evaluating its index.
            var name = argumentFollows;
            argumentFollows = whole && literal == "-v";
            return Role(name ? PlaceholderSite.VariableName : null);
        }

        if (argumentFollows)
        {
            argumentFollows = false;
            return Role(argument);
        }

        if (optionsEnded || operands > 0 || !grammar.Options || literal.Length < 2 || literal[0] is not ('-' or '+'))
        {
            var index = operands++;
            return Role(commandString && index == 0 ? PlaceholderSite.Code : index >= grammar.First && index <= grammar.Last ? grammar.Operands : null);
        }

        if (literal == "--")
        {
            optionsEnded = true;
            return default;
        }

        if (literal.StartsWith("--", StringComparison.Ordinal))
        {
            // bash's long options; two take an argument.
            (argumentFollows, argument) = (shell && whole && literal is "--rcfile" or "--init-file", null);
            return default;
        }

        return Options(literal, whole);
    }

    /// <summary>Flags joined in one word (<c>-rp</c>, <c>-ec</c>); the first that takes an argument ends them, its argument the word's rest or the next word.</summary>
    private WordRole Options(string literal, bool whole)
    {
        for (var i = 1; i < literal.Length; i++)
        {
            var letter = literal[i];
            commandString |= shell && literal[0] == '-' && letter == 'c';
            if (grammar.Arguments.Contains(letter))
            {
                var site = grammar.Names.Contains(letter) ? PlaceholderSite.VariableName : grammar.Code.Contains(letter) ? PlaceholderSite.Code : (PlaceholderSite?)null;
                if (i + 1 < literal.Length || !whole)
                {
                    return Role(site);
                }

                (argumentFollows, argument) = (true, site);
                return default;
            }
        }

        return default;
    }

    /// <summary>A name's leading <c>a[…]</c> is read as the index bash evaluates.</summary>
    private static WordRole Role(PlaceholderSite? site) => new(site, Indexed: site == PlaceholderSite.VariableName);

    /// <summary>
    /// A command's options and operands: the letters of options that take an argument, those whose argument is a name
    /// or code, what the operands from <paramref name="First"/> to <paramref name="Last"/> are, and whether it takes options at all.
    /// </summary>
    private sealed record Grammar(string Arguments, string Names = "", string Code = "", PlaceholderSite? Operands = null, int First = 0, int Last = int.MaxValue, bool Options = true);
}
