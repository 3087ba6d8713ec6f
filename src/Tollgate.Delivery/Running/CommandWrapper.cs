namespace Tollgate.Delivery.Running;

/// <summary>
/// The arguments of a program that runs another command, read up to that command, whose own arguments are then read as
/// its name says (<see cref="For"/>), so that <c>env bash -c {version}</c> is code as <c>bash -c {version}</c> is. Followed:
/// bash's <c>exec [-cl] [-a NAME]</c>; <c>env</c> (<c>-i</c>, <c>-</c>, <c>-0</c>, <c>-u NAME</c>, <c>-C DIR</c>, the
/// <c>NAME=VALUE</c> words; <c>-S STRING</c>, which env splits into a command line of its own, is code), <c>sudo</c>
/// (<c>-u -g -C -D -h -p -r -t -U -T -R</c> take an argument), <c>timeout</c> (<c>-s SIG</c>, <c>-k DUR</c>, then the
/// duration), <c>nice</c> (<c>-n N</c>), <c>nohup</c>, <c>setsid</c>, <c>stdbuf</c> (<c>-i -o -e MODE</c>), <c>xargs</c>
/// (<c>-a -E -I -L -n -P -s -d</c> take one), <c>find</c>'s <c>-exec</c>, <c>-execdir</c>, <c>-ok</c>, <c>-okdir</c> up
/// to <c>;</c> or <c>{} +</c>, <c>kubectl … exec … -- CMD</c>, <c>docker</c>/<c>podman exec [-e -u -w …] CONTAINER CMD</c>
/// (argv on the other side, no shell), <c>su</c> (<c>-c CMD</c> is code; the words after the user are arguments of the
/// user's shell, <c>su root -- -c CMD</c> too) and <c>ssh</c>, whose command words after the host are joined with spaces
/// and parsed by the remote login shell (<see cref="PlaceholderSite.RemoteCommand"/>; <c>-o</c>'s argument, a config line
/// such as <c>ProxyCommand=…</c>, is code). Options end at <c>--</c> or the first operand, as these programs read them
/// (ssh reads options after the host as well). Each starts a program, which finds no builtin of the current shell:
/// <c>env eval {version}</c> and <c>exec printf -v {version}</c> run nothing, only a new shell's <c>-c</c> is code.
/// bash's own <c>command</c>, <c>builtin</c> and <c>time</c>, which keep a builtin's behaviour, are <see cref="CommandLevel"/>'s.
/// Also <c>doas</c> (<c>-a -C -u</c> take an argument), <c>chroot DIR CMD</c>, <c>flock FILE CMD</c> (<c>-w -E</c> take one;
/// <c>flock FILE -c CMD</c> is code), <c>script</c> (its <c>-c CMD</c> is code, its operand the log file, data) and
/// <c>watch</c> (<c>-n -q</c> take one), which joins its command words with spaces for <c>sh -c</c>, so each of them is
/// code unless <c>-x</c> (<c>--exec</c>) runs them as argv.
/// Not followed: other programs that run a command (<c>runuser</c>, <c>parallel</c>, <c>systemd-run</c>, <c>docker run</c>, …).
/// </summary>
internal sealed class CommandWrapper
{
    private static readonly Dictionary<string, Grammar> Wrappers = new()
    {
        ["exec"] = new("a"),
        ["env"] = new("uCS", Code: "S", Long: ["--unset", "--chdir"], LongCode: ["--split-string"], Assignments: true),
        ["sudo"] = new("ugCDhprtUTR", Long: ["--user", "--group", "--close-from", "--chdir", "--host", "--prompt", "--role", "--type", "--other-user", "--command-timeout", "--chroot"]),
        ["timeout"] = new("sk", Long: ["--signal", "--kill-after"], Skip: 1),
        ["nice"] = new("n", Long: ["--adjustment"]),
        ["nohup"] = new(""),
        ["setsid"] = new(""),
        ["stdbuf"] = new("ioe", Long: ["--input", "--output", "--error"]),
        ["xargs"] = new("aEILnPsd", Long: ["--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"]),
        ["find"] = new("", Kind: Kind.Find),
        ["kubectl"] = new("", Kind: Kind.Kubectl),
        ["docker"] = new("euw", Long: ["--env", "--env-file", "--user", "--workdir", "--detach-keys"], Skip: 1, Kind: Kind.Docker),
        ["podman"] = new("euw", Long: ["--env", "--env-file", "--user", "--workdir", "--detach-keys"], Skip: 1, Kind: Kind.Docker),
        ["su"] = new("cgGsw", Code: "c", Long: ["--group", "--supp-group", "--shell", "--whitelist-environment"], LongCode: ["--command", "--session-command"], Kind: Kind.Su),
        ["ssh"] = new("bcDEeFIiJLlmOopQRSWw", Code: "o", Skip: 1, Kind: Kind.Ssh),
        ["doas"] = new("aCu"),
        ["chroot"] = new("", Skip: 1),
        ["flock"] = new("wE", Long: ["--timeout", "--conflict-exit-code"], Skip: 1, Kind: Kind.Flock),
        ["script"] = new("IOBTmcEo", Code: "c", Long: ["--log-in", "--log-out", "--log-io", "--log-timing", "--logging-format", "--echo", "--output-limit"], LongCode: ["--command"], Kind: Kind.Script),
        ["watch"] = new("nq", Long: ["--interval", "--equexit"], Kind: Kind.Watch),
    };

    private readonly Grammar grammar;
    private bool before;
    private bool optionsEnded;
    private bool argumentFollows;
    private PlaceholderSite? argument;
    private int skipped;
    private bool commandFollows;
    private bool inner;
    private CommandWrapper? innerWrapper;
    private CommandOperands? innerOperands;
    private string? previous;
    private bool joined;
    private bool argv;

    private CommandWrapper(Grammar grammar) => (this.grammar, before) = (grammar, grammar.Kind is Kind.Find or Kind.Kubectl or Kind.Docker);

    private enum Kind { Plain, Find, Kubectl, Docker, Su, Ssh, Flock, Script, Watch }

    /// <summary>The reading of a wrapper's arguments, by its name or path (<c>/usr/bin/env</c>); null for any other command.</summary>
    public static CommandWrapper? For(string command) =>
        Wrappers.TryGetValue(command[(command.LastIndexOf('/') + 1)..], out var grammar) ? new CommandWrapper(grammar) : null;

    /// <summary>The next argument, with <paramref name="literal"/> its literal text (all of it when <paramref name="whole"/>) and <paramref name="unquoted"/> as the program receives it.</summary>
    public WordRole Argument(string literal, bool whole, (string Text, bool Whole) unquoted, bool open = false)
    {
        var word = unquoted.Whole ? unquoted.Text : null;
        var last = previous;
        previous = word;
        if (inner)
        {
            return Inner(literal, whole, unquoted, open, word, last);
        }

        if (commandFollows)
        {
            return Command(word);
        }

        if (before)
        {
            // find's predicates, docker's or kubectl's words before exec: data.
            before = !(grammar.Kind == Kind.Find ? word is "-exec" or "-execdir" or "-ok" or "-okdir" : word == "exec");
            commandFollows = grammar.Kind == Kind.Find && !before;
            return default;
        }

        if (grammar.Kind == Kind.Kubectl)
        {
            // kubectl exec POD [flags] -- COMMAND: argv, not a shell.
            commandFollows = word == "--";
            return default;
        }

        if (argumentFollows)
        {
            argumentFollows = false;
            return new WordRole(argument);
        }

        var text = word ?? literal;
        var options = !optionsEnded && (grammar.Kind is Kind.Su or Kind.Script || skipped == 0 || grammar.Kind == Kind.Ssh && skipped == 1);
        if (options && open && grammar.Code.Length > 0)
        {
            // A value "-S…" would be env's -S, "-oProxyCommand=…" ssh's -o, "-c…" su's -c: code.
            return new WordRole(PlaceholderSite.Code);
        }

        if (options && text.Length > 1 && text[0] == '-')
        {
            return Option(text);
        }

        if (options && text == "-" && (grammar.Kind is Kind.Su || grammar.Assignments))
        {
            // env -, su -: a flag.
            return default;
        }

        if (grammar.Assignments && text.Contains('=', StringComparison.Ordinal))
        {
            // env's NAME=VALUE: the program's environment; env reads no option after one.
            optionsEnded = true;
            return default;
        }

        return Operand(literal, whole, unquoted, word);
    }

    private WordRole Operand(string literal, bool whole, (string Text, bool Whole) unquoted, string? word)
    {
        if (grammar.Kind == Kind.Su)
        {
            // su USER ARG…: the ARGs are the user's shell's, as sh ARG… reads them (-c CMD is code).
            innerOperands ??= skipped++ == 0 ? null : CommandOperands.For("sh");
            return innerOperands?.Argument(word ?? literal, whole && unquoted.Whole) ?? default;
        }

        if (grammar.Kind == Kind.Script)
        {
            // script's operand is its log file.
            return default;
        }

        if (skipped < grammar.Skip)
        {
            // timeout's duration, ssh's host, docker's container, chroot's directory, flock's file.
            skipped++;
            return default;
        }

        if (grammar.Kind == Kind.Flock && word is "-c" or "--command")
        {
            // flock FILE -c CMD: a command string for the shell.
            (argumentFollows, argument) = (true, PlaceholderSite.Code);
            return default;
        }

        if (grammar.Kind == Kind.Watch && !argv)
        {
            // watch joins its words with spaces and hands them to sh -c.
            (inner, joined) = (true, true);
            return new WordRole(PlaceholderSite.Code);
        }

        if (grammar.Kind == Kind.Ssh)
        {
            inner = true;
            return new WordRole(PlaceholderSite.RemoteCommand);
        }

        return Command(word);
    }

    /// <summary>The command the wrapper runs: a program, so a wrapper again or a shell, never a builtin of this one.</summary>
    private WordRole Command(string? name)
    {
        (commandFollows, inner) = (false, true);
        (innerWrapper, innerOperands) = name is null ? (null, null) : (For(name), CommandOperands.For(name, builtins: false));
        return default;
    }

    private WordRole Inner(string literal, bool whole, (string Text, bool Whole) unquoted, bool open, string? word, string? last)
    {
        if (grammar.Kind == Kind.Ssh || joined)
        {
            return new WordRole(grammar.Kind == Kind.Ssh ? PlaceholderSite.RemoteCommand : PlaceholderSite.Code);
        }

        if (grammar.Kind == Kind.Find && (word == ";" || word == "+" && last == "{}"))
        {
            (inner, before, innerWrapper, innerOperands) = (false, true, null, null);
            return default;
        }

        return innerWrapper?.Argument(literal, whole, unquoted, open) ?? innerOperands?.Argument(word ?? literal, whole && unquoted.Whole) ?? default;
    }

    /// <summary>An option word: <c>--</c>, a long option (<c>--name=value</c> or its value next), or flags joined, the first that takes an argument ending them.</summary>
    private WordRole Option(string text)
    {
        if (text == "--")
        {
            optionsEnded = true;
            return default;
        }

        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            var name = text.Split('=')[0];
            argv |= grammar.Kind == Kind.Watch && name == "--exec";
            var site = grammar.LongCode.Contains(name) ? PlaceholderSite.Code : (PlaceholderSite?)null;
            if (text.Contains('=', StringComparison.Ordinal))
            {
                return new WordRole(site);
            }

            (argumentFollows, argument) = (site is not null || grammar.Long.Contains(name), site);
            return default;
        }

        for (var i = 1; i < text.Length; i++)
        {
            argv |= grammar.Kind == Kind.Watch && text[i] == 'x';
            if (grammar.Arguments.Contains(text[i]))
            {
                var site = grammar.Code.Contains(text[i]) ? PlaceholderSite.Code : (PlaceholderSite?)null;
                if (i + 1 < text.Length)
                {
                    return new WordRole(site);
                }

                (argumentFollows, argument) = (true, site);
                return default;
            }
        }

        return default;
    }

    /// <summary>
    /// A wrapper's options: the letters that take an argument, those whose argument is code, the long options that take
    /// one, how many operands come before the command (<paramref name="Skip"/>), and whether <c>NAME=VALUE</c> words do.
    /// </summary>
    private sealed record Grammar(string Arguments, string Code = "", string[]? Long = null, string[]? LongCode = null, int Skip = 0, bool Assignments = false, Kind Kind = Kind.Plain)
    {
        public string[] Long { get; } = Long ?? [];

        public string[] LongCode { get; } = LongCode ?? [];
    }
}
