using System.Buffers;
using System.Text;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The dataset digests of what a <c>dvc.lock</c> pins without a content hash: <c>KEY:VALUE@LOCATION</c>, where KEY
/// is the key DVC wrote (<c>version_id</c>, <c>etag</c>, <c>checksum</c>, <c>rev_lock</c>, <c>version</c>), VALUE its
/// value and LOCATION the object's URL, the repository's URL (and <c>#path</c> in it) or the DataChain dataset, as the
/// lock writes them. Such a value names one object, commit or dataset version only together with where it lives (an
/// Azure etag or a version id means nothing without its URL), so the location is part of the digest.
/// <c>%</c>, blanks and control characters in either part, and <c>@</c> in the value, are percent-encoded, so the
/// first <c>@</c> ends the value and a digest is one word. A content hash (<c>md5</c>) needs no location and stays
/// <c>md5:…</c>, the same digest wherever the data lives.
/// </summary>
public static class DvcPins
{
    /// <summary>The keys of an entry whose values pin its data, strongest first: the content's md5, then the storage's.</summary>
    public static readonly string[] Strength = ["md5", "version_id", "etag", "checksum"];

    /// <summary>The storage's pins (<see cref="Strength"/> without md5), which name data only with its URL.</summary>
    public static readonly string[] RemoteKeys = Strength[1..];

    /// <summary>The dataset kind shown in <c>model lineage</c> for a pin <paramref name="key"/> (<c>md5</c>: <c>dvc</c>).</summary>
    public static string KindOf(string key) => key switch
    {
        "md5" => "dvc",
        "version_id" => "dvc-version",
        "etag" => "dvc-etag",
        "checksum" => "dvc-checksum",
        "rev_lock" => "dvc-git",
        "version" => "dvc-datachain",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a DVC pin"),
    };

    /// <summary><c>KEY:VALUE@LOCATION</c>, encoded as the type says.</summary>
    public static string Located(string key, string value, string location) =>
        $"{key}:{Encode(value, encodeAt: true)}@{Encode(location, encodeAt: false)}";

    /// <summary>True for a digest of <see cref="Located"/>'s form: a known key, a value and a location, no blanks.</summary>
    public static bool IsLocated(ReadOnlySpan<char> digest)
    {
        var colon = digest.IndexOf(':');
        if (colon < 0 || !IsKey(digest[..colon]))
        {
            return false;
        }

        var rest = digest[(colon + 1)..];
        var at = rest.IndexOf('@');
        return at > 0 && at < rest.Length - 1 && rest.IndexOfAny(Blanks) < 0;
    }

    private static bool IsKey(ReadOnlySpan<char> key) =>
        key is "version_id" or "etag" or "checksum" or "rev_lock" or "version";

    private static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\r\n\f\v");

    private static string Encode(string text, bool encodeAt)
    {
        if (!text.Any(c => Encoded(c, encodeAt)))
        {
            return text;
        }

        var encoded = new StringBuilder(text.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsBmp && !Encoded((char)rune.Value, encodeAt))
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            if (!rune.IsBmp)
            {
                encoded.Append(rune.ToString());
                continue;
            }

            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static bool Encoded(char c, bool encodeAt) =>
        c == '%' || (encodeAt && c == '@') || char.IsWhiteSpace(c) || char.IsControl(c);
}
