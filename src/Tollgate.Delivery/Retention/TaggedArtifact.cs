namespace Tollgate.Delivery.Retention;

/// <summary>
/// One tag of a repository with the manifest digest it points to and the image's creation time, if its config says;
/// for an image index (a multi-platform image), <see cref="Images"/> are the digests of the manifests it lists (one per
/// platform, and attestations), which are part of that image.
/// </summary>
public sealed record TaggedArtifact(string Tag, string Digest, DateTimeOffset? Created)
{
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>The tag points at <paramref name="digest"/>, or at an index that lists it.</summary>
    public bool Holds(string digest) =>
        string.Equals(Digest, digest, StringComparison.OrdinalIgnoreCase) || Images.Any(i => string.Equals(i, digest, StringComparison.OrdinalIgnoreCase));
}
