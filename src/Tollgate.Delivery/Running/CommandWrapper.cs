namespace Tollgate.Delivery.Running;

/// <summary>
/// The arguments of a program that runs another command, read up to that command, whose own arguments are then read as
/// its name says (<see cref="For"/>), so that <c>env bash -c {version}</c> is code as <c>bash -c {version}</c> is. Followed:
/// bash's <c>exec [-cl] [-a NAME]</c>; <c>env</c> (<c>-i</c>, <c>-</c>, <c>-0</c>, <c>-u NAME</c>, <c>-C DIR</c>, the
/// <c>NAME=VALUE</c> words; <c>-S STRING</c>, which env splits into a command line of its own, is code), <c>sudo</c>
/// (<c>-u -g -C -D -h -p -r -t -U -T -R</c> take an argument), <c>timeout</c> (<c>-s SIG</c>, <c>-k DUR</c>, then the
/// duration), <c>nice</c> (<c>-n N</c>), <c>nohup</c>, <c>setsid</c>, <c>stdbuf</c> (<c>-i -o -e MODE</c>), <c>xargs</c>
/// (<c>-a -E -I -L -n -P -s -d</c> take one), <c>find</c>'s <c>-exec</c>, <c>-execdir</c>, <c>-ok</c>, <c>-okdir</c> up
/// to <c>;</c> or <c>{} +</c>, <c>docker</c>/<c>podman exec [-e -u -w …] CONTAINER CMD</c> and
/// <c>run [OPTIONS] IMAGE CMD</c> (<see cref="ContainerGrammar"/>; argv on the other side, no shell; after
/// <c>--entrypoint PROGRAM</c> the words after the image are that program's), <c>su</c> (<c>-c CMD</c> is code; the
/// words after the user are arguments of the user's shell, <c>su root -- -c CMD</c> too), <c>runuser</c> (as su, but
/// after <c>-u USER</c> the operands are the command), <c>systemd-run [OPTIONS] CMD</c> (a unit property is code,
/// <see cref="WrapperGrammar.SystemdRun"/>; <c>-S</c> runs a shell, no command) and <c>ssh</c>, whose command words
/// after the host are joined with spaces and parsed by the remote login shell (<see cref="PlaceholderSite.RemoteCommand"/>;
/// <c>-o</c>'s argument, a config line such as <c>ProxyCommand=…</c>, is code), as are <c>gcloud … ssh</c>'s
/// <c>--command</c> and the words after its <c>--</c> (ssh's, after the host). Options end at <c>--</c> or the first
/// operand, as these programs read them (ssh reads options after the host as well; su, runuser, kubectl and gcloud
/// anywhere before <c>--</c>). Each starts a program, which finds no builtin of the current shell:
/// <c>env eval {version}</c> and <c>exec printf -v {version}</c> run nothing, only a new shell's <c>-c</c> is code.
/// bash's own <c>command</c>, <c>builtin</c> and <c>time</c>, which keep a builtin's behaviour, are <see cref="CommandLevel"/>'s.
/// Also <c>doas</c> (<c>-a -C -u</c> take an argument), <c>chroot DIR CMD</c>, <c>flock FILE CMD</c> (<c>-w -E</c> take one;
/// <c>flock FILE -c CMD</c> is code), <c>script</c> (its <c>-c CMD</c> is code, its operand the log file, data),
/// <c>watch</c> (<c>-n -q</c> take one), which joins its command words with spaces for <c>sh -c</c>, so each of them is
/// code unless <c>-x</c> (<c>--exec</c>) runs them as argv, <c>kubectl … -- CMD</c> (the command in the container, argv)
/// and <c>parallel</c>, every word of which is refused (<see cref="PlaceholderSite.Parallel"/>).
/// A word the value begins where a program reads options may be one (<see cref="WrapperGrammar"/>'s <c>Open</c>), and
/// after an option a program's <see cref="WrapperGrammar.Strict"/> grammar does not know, what follows is unknown
/// (<see cref="PlaceholderSite.UnknownOption"/>).
/// </summary>
internal sealed partial class CommandWrapper
{
    private WrapperGrammar grammar;
    private bool before;
    private bool optionsEnded;
    private bool argumentFollows;
    private Value argument;
    private int skipped;
    private bool commandFollows;
    private bool inner;
    private CommandWrapper? innerWrapper;
    private CommandOperands? innerOperands;
    private string? previous;
    private bool joined;
    private bool argv;
    private bool unknown;
    private bool userCommand;
    private bool noCommand;
    private string? entrypoint;

    private CommandWrapper(WrapperGrammar grammar) => (this.grammar, before) = (grammar, grammar.Kind is WrapperKind.Find or WrapperKind.Docker or WrapperKind.Gcloud);

    /// <summary>What an option's argument is: data, code, a line a remote shell parses, an environment assignment, a unit property, or the program a container runs.</summary>
    private enum Value { Data, Code, Remote, Environment, Property, Entrypoint }

    /// <summary>The reading of a wrapper's arguments, by its name or path (<c>/usr/bin/env</c>); null for any other command.</summary>
    public static CommandWrapper? For(string command) =>
        WrapperGrammar.Programs.TryGetValue(command[(command.LastIndexOf('/') + 1)..], out var grammar) ? new CommandWrapper(grammar) : null;

    /// <summary>The next argument, with <paramref name="literal"/> its literal text (all of it when <paramref name="whole"/>) and <paramref name="unquoted"/> as the program receives it.</summary>
    public WordRole Argument(string literal, bool whole, (string Text, bool Whole) unquoted, bool open = false)
    {
        var word = unquoted.Whole ? unquoted.Text : null;
        var last = previous;
        previous = word;
        if (unknown)
        {
            // After an option whose grammar is unknown, the image, the command and its words are unknown too.
            return new WordRole(PlaceholderSite.UnknownOption);
        }

        if (inner)
        {
            return Inner(literal, whole, unquoted, open, word, last);
        }

        if (commandFollows)
        {
            return Command(word);
        }

        if (grammar.Kind == WrapperKind.Parallel)
        {
            // parallel hands its command line to a shell.
            return new WordRole(PlaceholderSite.Parallel);
        }

        if (before)
        {
            return Before(word);
        }

        if (argumentFollows)
        {
            argumentFollows = false;
            return OptionValue(argument, word ?? literal, whole && unquoted.Whole);
        }

        var text = word ?? literal;
        var options = !optionsEnded && (grammar.Kind is WrapperKind.Su or WrapperKind.Runuser or WrapperKind.Script or WrapperKind.Kubectl or WrapperKind.Gcloud
            || skipped == 0 || grammar.Kind == WrapperKind.Ssh && skipped == 1);
        if (options && open && grammar.Open is { } site && !userCommand)
        {
            // A value "-S…" would be env's -S, "-oProxyCommand=…" ssh's -o, "-c…" su's -c, "--kubeconfig=…" kubectl's flag.
            return new WordRole(site);
        }

        if (options && text.Length > 1 && text[0] == '-')
        {
            return Option(text);
        }

        if (options && text == "-" && (grammar.Kind is WrapperKind.Su or WrapperKind.Runuser || grammar.Assignments))
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

    /// <summary>The words before the command a wrapper's options belong to: find's predicates, docker's or gcloud's words before <c>exec</c>, <c>run</c> or <c>ssh</c>: data.</summary>
    private WordRole Before(string? word)
    {
        switch (grammar.Kind)
        {
            case WrapperKind.Find:
                before = word is not ("-exec" or "-execdir" or "-ok" or "-okdir");
                commandFollows = !before;
                break;
            case WrapperKind.Docker when word is "exec" or "run":
                (before, grammar) = (false, word == "run" ? ContainerGrammar.Run : ContainerGrammar.Exec);
                break;
            case WrapperKind.Gcloud when word == "ssh":
                (before, grammar) = (false, ContainerGrammar.GcloudSsh);
                break;
        }

        return default;
    }

    private WordRole Operand(string literal, bool whole, (string Text, bool Whole) unquoted, string? word)
    {
        if (grammar.Kind is WrapperKind.Su or WrapperKind.Runuser && !userCommand)
        {
            // su USER ARG…: the ARGs are the user's shell's, as sh ARG… reads them (-c CMD is code).
            innerOperands ??= skipped++ == 0 ? null : CommandOperands.For("sh");
            return innerOperands?.Argument(word ?? literal, whole && unquoted.Whole) ?? default;
        }

        if (grammar.Kind is WrapperKind.Script or WrapperKind.Kubectl or WrapperKind.Gcloud || noCommand)
        {
            // script's log file, kubectl's and gcloud's operands (a pod, an instance); systemd-run --shell runs no command.
            return default;
        }

        if (skipped < grammar.Skip)
        {
            // timeout's duration, ssh's host, docker's container or image, chroot's directory, flock's file.
            skipped++;
            return default;
        }

        if (grammar.Kind == WrapperKind.Flock && word is "-c" or "--command")
        {
            // flock FILE -c CMD: a command string for the shell.
            (argumentFollows, argument) = (true, Value.Code);
            return default;
        }

        if (grammar.Kind == WrapperKind.Watch && !argv)
        {
            // watch joins its words with spaces and hands them to sh -c.
            (inner, joined) = (true, true);
            return new WordRole(PlaceholderSite.Code);
        }

        if (grammar.Kind == WrapperKind.Ssh)
        {
            inner = true;
            return new WordRole(PlaceholderSite.RemoteCommand);
        }

        if (entrypoint is { Length: > 0 } program)
        {
            // docker run --entrypoint PROGRAM IMAGE ARG…: the words after the image are PROGRAM's.
            Command(program);
            return Inner(literal, whole, unquoted, open: false, word, null);
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
        if (grammar.Kind == WrapperKind.Ssh || joined)
        {
            return new WordRole(grammar.Kind == WrapperKind.Ssh ? PlaceholderSite.RemoteCommand : PlaceholderSite.Code);
        }

        if (grammar.Kind == WrapperKind.Find && (word == ";" || word == "+" && last == "{}"))
        {
            (inner, before, innerWrapper, innerOperands) = (false, true, null, null);
            return default;
        }

        return innerWrapper?.Argument(literal, whole, unquoted, open) ?? innerOperands?.Argument(word ?? literal, whole && unquoted.Whole) ?? default;
    }
}
