namespace Tollgate.Domain.Delivery;

/// <summary>
/// Package URLs compared as the purl specification defines them
/// (https://github.com/package-url/purl-spec/blob/main/PURL-SPECIFICATION.rst): the scheme and type are
/// case-insensitive, every component is percent-encoded text (<c>r.io%2Fpay</c> is <c>r.io/pay</c>, <c>sha256%3Aab</c>
/// is <c>sha256:ab</c>), qualifier keys are case-insensitive and their order means nothing (the canonical form sorts
/// them), and a qualifier with an empty value is as if absent. Two purls a pager and a CD system built on their own
/// then name the same artifact whenever the specification says they do.
/// </summary>
public static class PackageUrl
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> name the same artifact: equal text, or equal purls.</summary>
    public static bool Same(string? a, string? b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (Key(a) is { } left && Key(b) is { } right && string.Equals(left, right, StringComparison.Ordinal));

    /// <summary>
    /// The purl with every component decoded, type and qualifier keys lower-cased, empty qualifiers left out and the
    /// rest sorted by key: equal keys, equal purls. Null when <paramref name="text"/> is not a purl.
    /// </summary>
    public static string? Key(string? text) => Parse(text) is { } p
        ? $"pkg:{p.Type}/{p.Path}@{p.Version}?{string.Join('&', p.Qualifiers.Select(q => q.Key + "=" + q.Value))}#{p.Subpath}"
        : null;

    /// <summary>The version a purl names for a deploy: its <c>tag</c> qualifier, else its version; null when it names none or is not a purl.</summary>
    public static string? Version(string? text) =>
        Parse(text) is not { } p ? null
        : p.Qualifiers.Find(q => q.Key == "tag") is { Key: "tag" } tag ? tag.Value
        : p.Version.Length > 0 ? p.Version : null;

    /// <summary>The components of a purl, decoded; qualifiers with keys lower-cased, empty ones left out, sorted by key.</summary>
    private static (string Type, string Path, string Version, List<(string Key, string Value)> Qualifiers, string Subpath)? Parse(string? text)
    {
        if (text is null || text.Length < 5 || !text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text[4..].TrimStart('/'); // "pkg://type/…" is read as "pkg:type/…", as the specification allows
        var subpath = "";
        if (rest.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0)
        {
            subpath = string.Join('/', rest[(hash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not ("." or "..")).Select(Decode));
            rest = rest[..hash];
        }

        List<(string Key, string Value)> qualifiers = [];
        if (rest.IndexOf('?', StringComparison.Ordinal) is var query and >= 0)
        {
            qualifiers = [.. rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (Key: pair[..eq].ToLowerInvariant(), Value: Decode(pair[(eq + 1)..])) : (Key: "", Value: ""))
                .Where(q => q.Key.Length > 0 && q.Value.Length > 0)
                .OrderBy(q => q.Key, StringComparer.Ordinal)];
            rest = rest[..query];
        }

        var version = "";
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            version = Decode(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var segments = rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length < 2
            ? null
            : (segments[0].ToLowerInvariant(), string.Join('/', segments.Skip(1).Select(Decode)), version, qualifiers, subpath);
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component); // a stray % stays as it is
}
