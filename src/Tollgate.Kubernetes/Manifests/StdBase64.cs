namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// Base64 as Go's <c>base64.StdEncoding.DecodeString</c> reads it, which go-yaml decodes a <c>!!binary</c> scalar with
/// and the API server a field of bytes (a Secret's <c>data</c>, a ConfigMap's <c>binaryData</c>): the standard
/// alphabet in groups of four, the last padded with <c>=</c> (<c>YQ==</c>, <c>YWI=</c>), <c>\r</c> and <c>\n</c>
/// skipped anywhere; any other character (a space, a tab, <c>-</c>, <c>_</c>) or anything after the padding is
/// refused; the bits a short last group leaves over need not be zero (<c>YR==</c> is <c>a</c>, Go's encoding is not
/// <c>Strict</c>). <c>decodeQuantum</c> in
/// <see href="https://github.com/golang/go/blob/10a01cd69af648f694e62bd7bcaafc7f386012bb/src/encoding/base64/base64.go"/>.
/// </summary>
internal static class StdBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>The bytes <paramref name="text"/> encodes, or null where Go refuses it.</summary>
    public static byte[]? Decode(string text)
    {
        var symbols = new List<int>(text.Length);
        var padding = 0;
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                padding++;
                continue;
            }

            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0 || padding > 0)
            {
                return null;
            }

            symbols.Add(value);
        }

        // Padding completes the last group of four, and only a group of two or three symbols takes it (Go has no unpadded input here).
        var last = symbols.Count % 4;
        if (padding == 0 ? last != 0 : last < 2 || last + padding != 4)
        {
            return null;
        }

        var bytes = new byte[(symbols.Count * 6) / 8];
        var bits = 0;
        var held = 0;
        var written = 0;
        foreach (var symbol in symbols)
        {
            held = (held << 6) | symbol;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[written++] = (byte)(held >> bits);
                held &= (1 << bits) - 1;
            }
        }

        return bytes;
    }
}
