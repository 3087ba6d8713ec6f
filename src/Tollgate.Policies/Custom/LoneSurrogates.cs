namespace Tollgate.Policies.Custom;

/// <summary>
/// A .NET string can hold a surrogate without its pair, which is no Unicode character; a CEL string in cel-go is UTF-8
/// and cannot. Go's encoding/json reads such a surrogate (<c>"\ud800"</c>) as U+FFFD, the replacement character
/// (https://pkg.go.dev/encoding/json#Unmarshal: "invalid UTF-16 surrogate pairs ... are replaced by the Unicode
/// replacement character U+FFFD"), and Go's <c>regexp</c> reads each invalid UTF-8 byte as U+FFFD too. <c>matches()</c>
/// reads a lone surrogate the same way, one character, U+FFFD: in the pattern here, in the text as
/// <see cref="SupplementaryAlphabet.Map"/> maps it.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary><paramref name="text"/> with each lone surrogate replaced by U+FFFD; the same string when it has none.</summary>
    public static string Replaced(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return text;
        }

        char[]? replaced = null;
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                replaced ??= text.ToCharArray();
                replaced[i] = '\uFFFD';
            }
        }

        return replaced is null ? text : new string(replaced);
    }
}
