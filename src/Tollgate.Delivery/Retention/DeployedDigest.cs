using System.Text.RegularExpressions;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// The manifest digest a deploy names, when it was deployed by digest: its version (<c>sha256:…</c>, as a CDEvent's purl
/// without a <c>tag</c> qualifier gives it) or its artifact reference (<c>pkg:oci/checkout@sha256%3A…</c>,
/// <c>registry/shop/checkout@sha256:…</c>). A floor version matched by digest keeps every tag of that image.
/// </summary>
public static partial class DeployedDigest
{
    public static string? Of(string version, string? artifactId) => Find(version) ?? (artifactId is null ? null : Find(artifactId));

    private static string? Find(string reference)
    {
        var match = Digest().Match(Uri.UnescapeDataString(reference));
        return match.Success ? match.Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex("(?:sha256:[0-9a-fA-F]{64}|sha512:[0-9a-fA-F]{128})(?![0-9a-fA-F])")]
    private static partial Regex Digest();
}
