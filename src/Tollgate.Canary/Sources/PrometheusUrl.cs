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

    /// <summary>
    /// Any URL for people: its user information replaced by <c>***</c> and each query value by <c>***</c>
    /// (<c>http://***@prom:9090/?api_key=***</c>). Read from the URL's escaped form, so a password with a space,
    /// <c>{ } | ^ " &lt; &gt;</c>, a backtick or non-ASCII is hidden as any other is.
    /// </summary>
    public static string Redact(Uri url) => RedactText(url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString);

    /// <summary>
    /// A URL-looking text, as given or as a <see cref="Uri"/> writes it, for people: everything from the scheme's
    /// <c>://</c> (or the start, without one) to the last <c>@</c> is replaced by <c>***</c>, so a password holding
    /// <c>/</c>, <c>?</c>, <c>#</c> or <c>@</c> written without escapes is hidden whole (a URL with an <c>@</c> in its
    /// path or query shows less of itself, never a password); then each value of the query after it by <c>***</c>
    /// (<c>?api_key=***</c>, a value without a name as <c>***</c>).
    /// </summary>
    public static string RedactText(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var at = text.LastIndexOf('@');
        var shown = at >= start ? text[..start] + "***" + text[at..] : text;
        var query = shown.IndexOf('?', at >= start ? start + 3 : start);
        return query < 0 ? shown : shown[..(query + 1)] + string.Join('&', shown[(query + 1)..].Split('&').Select(Hidden));
    }

    private static string Hidden(string parameter)
    {
        var equals = parameter.IndexOf('=');
        return parameter.Length == 0 ? "" : equals < 0 ? "***" : parameter[..(equals + 1)] + "***";
    }
}
