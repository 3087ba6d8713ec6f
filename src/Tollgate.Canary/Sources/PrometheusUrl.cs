using System.Text;

namespace Tollgate.Canary.Sources;

/// <summary>
/// A Prometheus URL that may carry credentials (<c>http://user:password@host/</c>): they become a Basic
/// <c>Authorization</c> header and never appear again. <see cref="Redacted"/> is what every message, report, record and
/// ledger entry shows.
/// </summary>
public sealed class PrometheusUrl
{
    public PrometheusUrl(Uri url)
    {
        var builder = new UriBuilder(url) { UserName = "", Password = "" };
        Address = builder.Uri;
        if (url.UserInfo.Length > 0)
        {
            Authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo)));
        }

        Redacted = Redact(url);
    }

    /// <summary>The URL requests go to, without credentials.</summary>
    public Uri Address { get; }

    /// <summary>The Basic credentials (base64 of user:password), or null.</summary>
    public string? Authorization { get; }

    /// <summary>The URL for people: credentials replaced by <c>***</c>.</summary>
    public string Redacted { get; }

    /// <summary>Any URL with its user information replaced by <c>***</c>.</summary>
    public static string Redact(Uri url) => url.UserInfo.Length == 0 ? url.ToString() : url.ToString().Replace(url.UserInfo + "@", "***@", StringComparison.Ordinal);

    /// <summary>A URL-looking text with anything between "://" and "@" replaced, for text that did not parse as a URL.</summary>
    public static string RedactText(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = scheme < 0 ? -1 : text.IndexOf('@', scheme + 3);
        var slash = scheme < 0 ? -1 : text.IndexOf('/', scheme + 3);
        return at > 0 && (slash < 0 || at < slash) ? text[..(scheme + 3)] + "***" + text[at..] : text;
    }
}
