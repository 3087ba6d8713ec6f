namespace Tollgate.Delivery.Retention;

/// <summary>One manifest the plan deletes by digest, with the tags that point to it (all of them go).</summary>
public sealed record Deletion(string Digest, IReadOnlyList<string> Tags);
