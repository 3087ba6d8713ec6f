using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Request bodies are read as sent: one with a <c>Content-Encoding</c> other than <c>identity</c> (gzip, deflate, br,
/// as some proxies and CI clients send large uploads) is refused with 415 naming the encoding, rather than read as
/// JSON and answered "not UTF-8". Decompressing is left out on purpose: the body limit (<c>--max-body-size</c>) is
/// what a caller sends, and a small compressed body can expand far past it.
/// </summary>
public static class ContentEncoding
{
    public static void Refuse(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            var shown = Domain.Reports.TextSafe.Line(encoding.Length > 40 ? encoding[..40] + "…" : encoding);
            throw new UnsupportedBodyException($"Content-Encoding {shown} is not supported: send the body uncompressed");
        }
    }
}
