using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A value the schema does not take where it is written, where the schema lists the only values it takes (an enum:
/// a Flagger webhook's <c>type</c>, a Canary's <c>provider</c>): <paramref name="Path"/> as written, the value,
/// the values taken, and the one a typo or two away (<paramref name="Near"/>). <paramref name="Node"/> locates it.
/// </summary>
public sealed record UnsupportedValue(string Path, string Value, IReadOnlyList<string> Accepted, string? Near, JsonNode Node);
