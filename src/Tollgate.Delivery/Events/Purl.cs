namespace Tollgate.Delivery.Events;

/// <summary>The version a package URL names (https://github.com/package-url/purl-spec): its <c>tag</c> qualifier, else its version.</summary>
internal static class Purl
{
    public static string? Version(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.Ordinal))
        {
            return null;
        }

        var query = purl.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            foreach (var pair in purl[(query + 1)..].Split('&'))
            {
                if (pair.StartsWith("tag=", StringComparison.Ordinal))
                {
                    return Uri.UnescapeDataString(pair[4..]);
                }
            }
        }

        var path = query >= 0 ? purl[..query] : purl;
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        path = hash >= 0 ? path[..hash] : path;
        var at = path.LastIndexOf('@');
        return at >= 0 ? Uri.UnescapeDataString(path[(at + 1)..]) : null;
    }
}
