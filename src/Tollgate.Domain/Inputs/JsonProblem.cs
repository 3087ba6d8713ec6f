using System.Text.Json;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// Why a JSON text could not be read, for an error message: where (line and column) and what, in words. The parser's
/// own message is not quoted: a Native AOT build carries resource keys (<c>EndOfStringNotFound</c>) instead of English,
/// and the English one can quote the input.
/// </summary>
public static class JsonProblem
{
    /// <summary>"line 3, column 7: a string is not closed" (the position 1-based).</summary>
    public static string Describe(JsonException e)
    {
        var message = e.Message;
        var what = Has("ExpectedEndAfterSingleJson", "after a single JSON value") ? "more text follows the JSON value"
            : Has("EndOfStringNotFound", "Expected end of string") ? "a string is not closed (cut short?)"
            : Has("reached end of data", "ZeroDepthAtEnd", "end of the JSON payload", "ExpectedStartOfPropertyOrValueNotFound") ? "the text ends before the JSON value is complete (cut short?)"
            : Has("DepthTooLarge", "maximum configured depth") ? "nested deeper than the reader allows"
            : Has("DigitNotFound", "of a number", "within a number", "LeadingZero") ? "a number is not well-formed"
            : Has("ExpectedTrue", "ExpectedFalse", "ExpectedNull", "JSON literal") ? "a bare word that is not true, false or null"
            : Has("InvalidCharacterWithinString", "within a JSON string") ? "a string holds a character JSON does not allow unescaped"
            : "not well-formed JSON";
        return e.LineNumber is { } line ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {what}" : what;

        bool Has(params string[] phrases) => phrases.Any(p => message.Contains(p, StringComparison.Ordinal));
    }
}
