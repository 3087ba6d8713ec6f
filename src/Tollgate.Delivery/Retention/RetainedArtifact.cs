namespace Tollgate.Delivery.Retention;

/// <summary>A tag the plan keeps, with every reason it is kept.</summary>
public sealed record RetainedArtifact(TaggedArtifact Artifact, IReadOnlyList<string> Reasons);
