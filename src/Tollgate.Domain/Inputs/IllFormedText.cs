using System.Buffers;
using System.Text;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// A JSON string that is no Unicode text: half of a UTF-16 surrogate pair escaped alone (<c>"\ud800"</c>, which
/// RFC 8259 §8.2 lets a JSON text hold) or bytes that are not UTF-8. System.Text.Json parses both and fails only when
/// the string is decoded (<c>GetString</c>, a property looked up or compared by name), far from the parse, with an
/// <see cref="InvalidOperationException"/> in the runtime's words (a resource key in the Native AOT binary:
/// <c>CannotReadIncompleteUTF16</c>). <see cref="Of"/> tells such a failure from any other, <see cref="Find"/> where
/// in the text the first such string is, and <see cref="Describe"/> words it for the reader's one line.
/// </summary>
public readonly record struct IllFormedText(bool NotUtf8)
{
    public static readonly IllFormedText LoneSurrogate = new(false);

    public static readonly IllFormedText InvalidUtf8 = new(true);

    /// <summary>
    /// "not UTF-8: an invalid byte sequence at line 2, column 40", or "not Unicode text: a string holds half of a UTF-16
    /// surrogate pair alone at line 1, column 41 (…)"; without <paramref name="at"/> (not known), the same words without a place.
    /// </summary>
    public string Describe(string? at)
    {
        var place = at is null ? "" : " at " + at;
        return NotUtf8
            ? $"not UTF-8: an invalid byte sequence{place}"
            : $"not Unicode text: a string holds half of a UTF-16 surrogate pair alone{place} (an escape such as \\ud800 without its other half)";
    }

    /// <summary>
    /// What <paramref name="failure"/> is when it is System.Text.Json failing to decode such a string, or wraps one; null
    /// for any other failure.
    /// </summary>
    public static IllFormedText? Of(Exception failure) => failure switch
    {
        InvalidOperationException { InnerException: DecoderFallbackException } => InvalidUtf8,
        InvalidOperationException e when Mentions(e.Message, "CannotReadIncompleteUTF16", "CannotReadInvalidUTF16", "incomplete UTF-16 JSON text", "invalid UTF-16 JSON text") => LoneSurrogate,
        ArgumentException { InnerException: EncoderFallbackException } => LoneSurrogate,

        // What the serializer, a sort whose comparer read a name (InvalidOperation_IComparerFailed) or a parallel loop wrapped.
        InvalidOperationException { InnerException: { } inner } => Of(inner),
        System.Text.Json.JsonException { InnerException: { } inner } => Of(inner),
        AggregateException a when a.InnerExceptions is [var single] => Of(single),
        _ => null,
    };

    /// <summary>
    /// Where the first such string is in <paramref name="json"/> (UTF-8 JSON text): the offset of its first byte that is
    /// not UTF-8, or of its <c>\u</c> escape of a lone surrogate, and which it is; null when every string is text.
    /// </summary>
    public static (int Offset, IllFormedText Problem)? Find(ReadOnlySpan<byte> json)
    {
        var surrogate = FirstLoneSurrogate(json);
        var invalid = System.Text.Unicode.Utf8.IsValid(surrogate < 0 ? json : json[..surrogate]) ? -1 : FirstInvalidUtf8(json);
        return invalid >= 0 ? (invalid, InvalidUtf8)
            : surrogate >= 0 ? (surrogate, LoneSurrogate)
            : null;
    }

    /// <summary>
    /// What a reader that names its source puts after the name: <see cref="Describe"/> of the first string of
    /// <paramref name="json"/> that is no text, placed by line and column ("not UTF-8: an invalid byte sequence at line 1,
    /// column 26"); the problem <paramref name="failed"/> without a place when the text shows none; null when every string
    /// is text and nothing failed.
    /// </summary>
    public static string? Locate(ReadOnlySpan<byte> json, IllFormedText? failed = null) =>
        Find(json) is { } found ? found.Problem.Describe(LineAndColumn(json, found.Offset)) : failed?.Describe(null);

    /// <summary>
    /// "line 3, column 7" (1-based; columns count bytes, as the JSON reader's positions do) of <paramref name="offset"/> in
    /// <paramref name="text"/>; a text read in pieces or again from a stream is placed alike by <see cref="TextLines"/>.
    /// </summary>
    public static string LineAndColumn(ReadOnlySpan<byte> text, int offset) => default(TextLines).LineAndColumn(offset, text);

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>The offset of the first <c>\uXXXX</c> of a surrogate that no escape of its other half pairs with, or -1.</summary>
    private static int FirstLoneSurrogate(ReadOnlySpan<byte> json)
    {
        // Outside strings a backslash is no JSON at all, so every one starts an escape: \\ and \" are stepped over whole.
        var at = json.IndexOf((byte)'\\');
        while (at >= 0 && at + 1 < json.Length)
        {
            var step = 2;
            if (json[at + 1] == (byte)'u' && Unit(json, at) is { } unit && char.IsSurrogate(unit))
            {
                if (!char.IsHighSurrogate(unit) || Unit(json, at + 6) is not { } low || !char.IsLowSurrogate(low))
                {
                    return at;
                }

                step = 12;
            }

            var next = json[(at + step)..].IndexOf((byte)'\\');
            at = next < 0 ? -1 : at + step + next;
        }

        return -1;
    }

    /// <summary>The UTF-16 unit of the <c>\uXXXX</c> escape at <paramref name="at"/>, or null when there is none.</summary>
    private static char? Unit(ReadOnlySpan<byte> json, int at)
    {
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u')
        {
            return null;
        }

        var value = 0;
        foreach (var b in json.Slice(at + 2, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }

            value = (value << 4) | digit;
        }

        return (char)value;
    }

    private static bool Mentions(string message, params string[] phrases) =>
        phrases.Any(p => message.Contains(p, StringComparison.Ordinal));
}
