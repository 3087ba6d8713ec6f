namespace Tollgate.Delivery.Retention;

/// <summary>
/// A version the floor protects: in <see cref="Environment"/>, the <see cref="Role"/> (current, previous, before-previous)
/// deploy's version, and the manifest digest it was deployed by, if it names one (<see cref="DeployedDigest"/>).
/// </summary>
public sealed record FloorEntry(string Environment, string Version, string Role, bool InRegistry)
{
    public string? Digest { get; init; }

    /// <summary>
    /// The tag is the version, or the image is the one deployed by digest: the tag's manifest, or one platform's manifest
    /// of the tag's image index (a deploy pinned to <c>repo@sha256:…</c> of its platform, as per-architecture resolvers write).
    /// </summary>
    public bool Holds(TaggedArtifact artifact) =>
        string.Equals(artifact.Tag, Version, StringComparison.Ordinal) || (Digest is not null && artifact.Holds(Digest));
}
