using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A value the schema does not take where it is written, where the schema lists the only values it takes (an enum:
/// a container's <c>imagePullPolicy</c>, a Service's <c>type</c>, a Flagger webhook's <c>type</c>): <paramref name="Path"/>
/// as written, the value, the values taken, and the one a typo or two away, or the same but for its case
/// (<paramref name="Near"/>). <paramref name="Node"/> locates it.
/// </summary>
public sealed record UnsupportedValue(string Path, string Value, IReadOnlyList<string> Accepted, string? Near, JsonNode Node)
{
    /// <summary>True when the object is read with <see cref="Near"/> in its place (<see cref="MeantFields"/>): the other rules judge the value meant.</summary>
    public bool ReadAsNear { get; init; }
}
