using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// A command-line parse error in the user's words. System.CommandLine says a value did not convert with the .NET type
/// (<c>as expected type 'System.Nullable`1[System.Int32]'</c>); this names what to type instead: "--fan-out abc: expected
/// a whole number". Every other parse error is its own message.
/// </summary>
public static partial class ParseProblem
{
    /// <summary>
    /// The one problem to tell of a failed parse, in the user's words: the first word it did not know, as an unknown
    /// command or option with the nearest one (<c>unknown command 'plna' for tollgate; did you mean 'plan'?</c>), rather
    /// than System.CommandLine's first error, which for a misspelt command is "Required command was not provided";
    /// a command given no subcommand lists its subcommands. Any other problem is <see cref="Describe(ParseError)"/>.
    /// </summary>
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);

        // An unknown option is read as the command's argument when it takes one (plan --formt json x reads --formt as the
        // plan); an option's own value (--terraform-timeout -5s) is not the command's.
        var unknownOption = parse.CommandResult.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && LooksLikeOption(t.Value))?.Value
            ?? parse.UnmatchedTokens.FirstOrDefault(LooksLikeOption);
        if (unknownOption is not null)
        {
            var name = unknownOption.Split('=', 2)[0];
            if (OptionsOf(parse.CommandResult).Contains(name, StringComparer.Ordinal))
            {
                // Known to the command but written before it (tollgate --ledger x plan p.json): it was suggested as itself.
                return $"option '{name}' is given before the command it belongs to: write it after {path} ({path} {name} …)";
            }

            return $"unknown option '{name}' for {path}" + (Yaml.KeySuggestion.For(name, OptionsOf(parse.CommandResult)) is { } near ? $"; did you mean '{near}'?" : "");
        }

        var visible = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            return visible.Count == 0 ? $"unexpected argument '{token}' for {path}"
                : Yaml.KeySuggestion.For(token, visible) is { } near ? $"unknown command '{token}' for {path}; did you mean '{near}'?"
                : $"unknown command '{token}' for {path} (one of {string.Join(", ", visible)})";
        }

        if (visible.Count > 0 && command.Action is null)
        {
            return $"{path} needs a command: one of {string.Join(", ", visible)}";
        }

        return Describe(parse.Errors[0]);
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && token != "--" && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "tollgate";

    /// <summary>The options a command takes: its own and those its parents share with it (<c>--help</c>).</summary>
    private static IEnumerable<string> OptionsOf(CommandResult result)
    {
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var c })
            {
                foreach (var option in c.Options.Where(o => !o.Hidden && (at == result || o.Recursive)))
                {
                    yield return option.Name;
                }
            }
        }
    }

    public static string Describe(ParseError error)
    {
        var conversion = CannotParse().Match(error.Message);
        if (!conversion.Success)
        {
            return error.Message;
        }

        var value = conversion.Groups["value"].Value;
        if (value.Trim().Length == 0 && error.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult })
        {
            // Not converted, so its validators never ran: worded as EmptyOption refuses it.
            return EmptyOption.Refusal(error.SymbolResult is OptionResult o ? o.Option : ((OptionResult)error.SymbolResult.Parent!).Option);
        }

        if (value.Trim().Length == 0 && error.SymbolResult is ArgumentResult { Argument: var positional })
        {
            return EmptyOption.Refusal(positional);
        }

        var (name, type) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Option.ValueType),
            ArgumentResult { Parent: OptionResult option } => (option.Option.Name, option.Option.ValueType),
            ArgumentResult argument => ($"<{argument.Argument.Name}>", argument.Argument.ValueType),
            _ => (conversion.Groups["name"].Value, null),
        };
        return type is null ? $"{name} {value}: not a valid value"
            : Largest(type) is { } largest && decimal.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number > largest
                ? Domain.Rules.WholeThreshold.TooLarge(name, value, largest)
                : $"{name} {value}: expected {Kind(type)}";
    }

    /// <summary>The largest value of a whole-number <paramref name="type"/> (int and long, nullable or not); null for any other.</summary>
    private static long? Largest(Type type) => Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) switch
    {
        TypeCode.Int32 => int.MaxValue,
        TypeCode.Int64 => long.MaxValue,
        _ => null,
    };

    /// <summary>What a value of <paramref name="type"/> looks like on the command line.</summary>
    public static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return Kind(type.GetElementType()!);
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 => "a whole number",
            TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number such as 0.25",
            TypeCode.Boolean => "true or false",
            _ when type == typeof(TimeSpan) => "a duration like 90s, 10m or 1h",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a time (RFC 3339)",
            _ when type == typeof(Uri) => "a URL",
            _ when type == typeof(FileInfo) || type == typeof(DirectoryInfo) => "a path",
            _ => "a valid value",
        };
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<name>[^']*)' as expected type", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
