using System.Text.Json;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// Why a JSON text could not be read, for an error message: where (line and column) and what, in words. The parser's
/// own message is not quoted: a Native AOT build carries resource keys (<c>EndOfStringNotFound</c>) instead of English,
/// and the English one can quote the input.
/// </summary>
public static partial class JsonProblem
{
    /// <summary>What <see cref="Describe"/> says of a text that ends before its value is complete.</summary>
    public const string CutShort = "the text ends before the JSON value is complete (cut short?)";

    /// <summary>What <see cref="Describe"/> says of a string that is not closed (at the end of a text: cut short).</summary>
    public const string OpenString = "a string is not closed (cut short?)";

    /// <summary>What <see cref="Describe"/> says of a key written twice in one object, where a reader would keep one of the two silently.</summary>
    public static string DuplicateKey(string? name) => $"{(name is null ? "a key" : $"the key '{name}'")} appears twice in one object: give each field once";

    /// <summary>What <see cref="Describe"/> says of nesting past the reader's limit.</summary>
    public const string TooDeep = "nested deeper than the reader allows";

    /// <summary>
    /// "line 3, column 7: a string is not closed" (the position 1-based); with <paramref name="within"/>, where in the
    /// document that is: "line 3, column 7, in resource_changes[2]: …".
    /// </summary>
    public static string Describe(JsonException e, string? within = null) => Describe(e, within, oneLine: false);

    /// <summary>
    /// As <see cref="Describe(JsonException, string?)"/>, for a text that is one line of a file whose line the caller
    /// names already (an NDJSON record): "column 151: …", not "line 1, column 151", which reads as the file's line 1.
    /// </summary>
    public static string DescribeInLine(JsonException e) => Describe(e, null, oneLine: true);

    private static string Describe(JsonException e, string? within, bool oneLine)
    {
        var message = e.Message;
        var what = Has("ExpectedEndAfterSingleJson", "after a single JSON value") ? "more text follows the JSON value"
            : Has("EndOfStringNotFound", "Expected end of string") ? OpenString
            : Has("reached end of data", "ZeroDepthAtEnd", "end of the JSON payload", "ExpectedStartOfPropertyOrValueNotFound") ? CutShort
            : Has("DepthTooLarge", "maximum configured depth") ? TooDeep
            : Has("DigitNotFound", "of a number", "within a number", "LeadingZero") ? "a number is not well-formed"
            : Has("ExpectedTrue", "ExpectedFalse", "ExpectedNull", "JSON literal") ? "a bare word that is not true, false or null"
            : Has("InvalidCharacterWithinString", "within a JSON string") ? "a string holds a character JSON does not allow unescaped"
            : Has("DuplicatePropertiesNotAllowed", "Duplicate propert") ? DuplicateKey(DuplicateName().Match(message) is { Success: true } m ? m.Groups["name"].Value : null)
            : "not well-formed JSON";
        var at = within is null ? "" : ", in " + within;
        return e.LineNumber is { } line
            ? $"{(oneLine && line == 0 ? "" : $"line {line + 1}, ")}column {(e.BytePositionInLine ?? 0) + 1}{at}: {what}"
            : within is null ? what : $"in {within}: {what}";

        bool Has(params string[] phrases) => phrases.Any(p => message.Contains(p, StringComparison.Ordinal));
    }

    // The runtime's words ("Duplicate property 'spec' encountered …") or, trimmed of them as the published binary is, its resource key and argument.
    [System.Text.RegularExpressions.GeneratedRegex("Duplicate property '(?<name>[^']*)'|^DuplicatePropertiesNotAllowed[A-Za-z_]*, (?<name>.*)$")]
    private static partial System.Text.RegularExpressions.Regex DuplicateName();
}
