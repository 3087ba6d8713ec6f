using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// A required argument or option left out, in Tollgate's words rather than System.CommandLine's ("Required argument
/// 'plan' missing for command: 'plan'", "Option '--reason' is required."): <c>tollgate plan needs PLAN: a plan file or a
/// Terraform directory</c>, <c>tollgate approve needs --reason: say why the destroys and replacements are intended</c>.
/// What to give is the symbol's own words: its fix for an empty value (<see cref="EmptyOption.WhenEmpty{T}"/>), else
/// its description, so every command, and one added later, is worded without a table.
/// </summary>
public static class MissingValue
{
    /// <summary>The message for a parse whose first error is a required argument or option left out; null for any other.</summary>
    public static string? Describe(ParseResult parse)
    {
        if (parse.Errors.Count == 0)
        {
            return null;
        }

        var error = parse.Errors[0];
        if (error.SymbolResult is ArgumentResult { Argument: var argument, Parent: CommandResult command } given)
        {
            return given.Tokens.Count < argument.Arity.MinimumNumberOfValues
                ? $"{CommandPath(command)} needs {argument.Name.ToUpperInvariant()}: {What(argument, argument.Description)}"
                : null;
        }

        if (error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return null;
        }

        // System.CommandLine names the option only in its message ("Option '--reason' is required.", "Required argument
        // missing for option: '--reason'."); which of the command's options it is, and whether it was given, is read
        // from the parse.
        var path = CommandPath(parse.CommandResult);
        foreach (var option in OptionsOf(parse.CommandResult).Where(o => error.Message.Contains($"'{o.Name}'", StringComparison.Ordinal)))
        {
            var result = parse.GetResult(option) as OptionResult;
            if (result?.IdentifierToken is null)
            {
                return option.Required ? $"{path} needs {option.Name}: {What(option, option.Description)}" : null;
            }

            return result.Tokens.Count < option.Arity.MinimumNumberOfValues ? $"{path} {option.Name} needs a value: {What(option, option.Description)}" : null;
        }

        return null;
    }

    /// <summary>
    /// An option left without its value that took the next option for it (<c>--env --ledger l.db</c>: System.CommandLine
    /// reads <c>--ledger</c> as the environment, then <c>l.db</c> as an unexpected argument): <c>tollgate deploy watch
    /// --env needs a value (got the option --ledger): …</c>. A value the parse gave an option is refused when it is one of
    /// the command's option names or aliases and was written as the next word, not joined (<c>--reason=--force</c> stays
    /// a value); a value that only starts with <c>-</c> (<c>-5</c>, <c>-</c> for standard input) is none of them. Null
    /// when no option took one.
    /// </summary>
    public static string? Swallowed(ParseResult parse, IReadOnlyList<string> args)
    {
        var options = OptionsOf(parse.CommandResult).ToList();
        var names = options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count && args[i] != "--"; i++)
        {
            var option = options.FirstOrDefault(o => o.Name == args[i] || o.Aliases.Contains(args[i]));
            if (option is not null && names.Contains(args[i + 1])
                && parse.GetResult(option) is OptionResult { Tokens: var tokens } && tokens.Any(t => t.Value == args[i + 1]))
            {
                return $"{CommandPath(parse.CommandResult)} {args[i]} needs a value (got the option {args[i + 1]}): {What(option, option.Description)}; "
                    + $"to give {args[i + 1]} as its value, write {args[i]}={args[i + 1]}";
            }
        }

        return null;
    }

    /// <summary>Where the command's own help is, for the line's pointer: <c>tollgate plan --help</c>.</summary>
    public static string HelpOf(ParseResult parse) => $"{CommandPath(parse.CommandResult)} --help";

    /// <summary>The options a command takes: its own and those its parents share with it.</summary>
    private static IEnumerable<Option> OptionsOf(CommandResult result)
    {
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var c })
            {
                foreach (var option in c.Options.Where(o => at == result || o.Recursive))
                {
                    yield return option;
                }
            }
        }
    }

    /// <summary>What to give: the fix its empty value gets without its "give ", else its description from a lower-case word.</summary>
    private static string What(Symbol symbol, string? description)
    {
        if (EmptyOption.OwnFix(symbol) is { Length: > 0 } fix && !fix.Contains(" or leave ", StringComparison.Ordinal))
        {
            return fix.StartsWith("give ", StringComparison.Ordinal) ? fix["give ".Length..] : fix;
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            return "see its help";
        }

        // "Manifest files …" reads on as "manifest files …"; a word in capitals or a name (CDEvents, NAME@VERSION) is kept.
        return description.Length > 1 && char.IsUpper(description[0]) && char.IsLower(description[1])
            ? char.ToLowerInvariant(description[0]) + description[1..]
            : description;
    }

    private static string CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "tollgate";
}
