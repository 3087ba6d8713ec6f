namespace Tollgate.Delivery.Retention;

/// <summary>One tag of a repository with the manifest digest it points to and the image's creation time, if its config says.</summary>
public sealed record TaggedArtifact(string Tag, string Digest, DateTimeOffset? Created);
