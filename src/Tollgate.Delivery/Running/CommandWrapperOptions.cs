namespace Tollgate.Delivery.Running;

/// <summary>A wrapper's option words and what their arguments are (<see cref="WrapperGrammar"/>).</summary>
internal sealed partial class CommandWrapper
{
    /// <summary>
    /// An option word: <c>--</c>, a long option (<c>--name=value</c> or its value next), or flags joined, the first that
    /// takes an argument ending them; for a <see cref="WrapperGrammar.Strict"/> grammar, an option it does not know
    /// without its value in the same word makes the rest unknown.
    /// </summary>
    private WordRole Option(string text)
    {
        if (text == "--")
        {
            return EndOfOptions();
        }

        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            var name = text.Split('=')[0];
            var equals = text.Contains('=', StringComparison.Ordinal);
            argv |= grammar.Kind == WrapperKind.Watch && name == "--exec";
            userCommand |= grammar.Kind == WrapperKind.Runuser && name == "--user";
            noCommand |= grammar.Kind == WrapperKind.SystemdRun && name == "--shell";
            var value = LongValue(name);
            unknown = grammar.Strict && !equals && value is null && !grammar.LongFlags.Contains(name);
            if (equals)
            {
                return OptionValue(value ?? Value.Data, text[(name.Length + 1)..], whole: true);
            }

            (argumentFollows, argument) = (value is not null, value ?? Value.Data);
            return default;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var letter = text[i];
            argv |= grammar.Kind == WrapperKind.Watch && letter == 'x';
            userCommand |= grammar.Kind == WrapperKind.Runuser && letter == 'u';
            noCommand |= grammar.Kind == WrapperKind.SystemdRun && letter == 'S';
            if (grammar.Arguments.Contains(letter))
            {
                var value = grammar.Code.Contains(letter) ? grammar.Kind == WrapperKind.SystemdRun ? Value.Property : Value.Code
                    : grammar.Environment.Contains(letter) ? Value.Environment : Value.Data;
                if (i + 1 < text.Length)
                {
                    return OptionValue(value, text[(i + 1)..], whole: true);
                }

                (argumentFollows, argument) = (true, value);
                return default;
            }

            if (grammar.Strict && !grammar.Flags.Contains(letter))
            {
                unknown = true;
                return default;
            }
        }

        return default;
    }

    /// <summary><c>--</c>: kubectl's command in the container follows, gcloud's words are ssh's, after the host; for any other, operands.</summary>
    private WordRole EndOfOptions()
    {
        optionsEnded = true;
        if (grammar.Kind == WrapperKind.Kubectl)
        {
            commandFollows = true;
        }
        else if (grammar.Kind == WrapperKind.Gcloud)
        {
            (inner, innerWrapper) = (true, new CommandWrapper(WrapperGrammar.Ssh) { skipped = 1 });
        }

        return default;
    }

    /// <summary>What the argument of the long option <paramref name="name"/> is; null for one that takes none (or is unknown).</summary>
    private Value? LongValue(string name) =>
        grammar.LongCode.Contains(name) ? grammar.Kind == WrapperKind.SystemdRun ? Value.Property : Value.Code
        : grammar.Kind == WrapperKind.Gcloud && ContainerGrammar.RemoteOptions.Contains(name) ? Value.Remote
        : grammar.LongEnvironment.Contains(name) ? Value.Environment
        : name == "--entrypoint" && grammar.Kind == WrapperKind.Docker ? Value.Entrypoint
        : grammar.Long.Contains(name) ? Value.Data
        : null;

    /// <summary>
    /// An option's argument, with <paramref name="text"/> its text (all of it when <paramref name="whole"/>). An
    /// environment assignment is data after a literal <c>NAME=</c>, else the value may name <c>BASH_ENV</c>, whose
    /// <c>$(…)</c> bash runs as it starts; a unit property alike, unless systemd runs it (<c>Exec…=</c>) or splits it
    /// into assignments (<c>Environment…=</c>).
    /// </summary>
    private WordRole OptionValue(Value value, string text, bool whole)
    {
        switch (value)
        {
            case Value.Code:
                return new WordRole(PlaceholderSite.Code);
            case Value.Remote:
                return new WordRole(PlaceholderSite.RemoteCommand);
            case Value.Entrypoint:
                entrypoint = whole ? text : null;
                return default;
            case Value.Environment or Value.Property:
                var name = AssignedName(text);
                var evaluated = name is null || value == Value.Property && (name.StartsWith("Exec", StringComparison.Ordinal) || name.StartsWith("Environment", StringComparison.Ordinal));
                return new WordRole(evaluated ? PlaceholderSite.Code : null);
            default:
                return default;
        }
    }

    /// <summary>The name of a word <c>NAME=…</c> whose name is literal; null for any other word.</summary>
    private static string? AssignedName(string text)
    {
        var end = 0;
        while (end < text.Length && (text[end] == '_' || char.IsAsciiLetter(text[end]) || end > 0 && char.IsAsciiDigit(text[end])))
        {
            end++;
        }

        return end > 0 && end < text.Length && text[end] == '=' ? text[..end] : null;
    }
}
