using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A value that is not of the scalar its field holds: a string where the schema declares an integer or a number
/// (<c>minReadySeconds: "30"</c>, <c>minReadySeconds: 30s</c>), a string or a number where it declares a boolean
/// (<c>hostNetwork: "true"</c>, <c>automountServiceAccountToken: 1</c>), a number or a boolean where it declares a
/// string (<c>value: 8080</c>, <c>canary: yes</c>), or a string that is not a Kubernetes quantity where it declares
/// one (<c>memory: 1GB</c>, <c>cpu: 500mi</c>). <paramref name="Path"/> as written, the value as written (a number in
/// its JSON form, but where a string is meant its text in the YAML: <c>1.0</c>, <c>yes</c>),
/// <paramref name="Expected"/> (<c>integer</c>, <c>number</c>, <c>boolean</c>, <c>string</c>, <c>quantity</c>),
/// <paramref name="Why"/> (what the API server answers), and the value meant (<paramref name="Near"/>: <c>30</c>,
/// <c>true</c>, <c>"8080"</c>, <c>1G</c>), or null when none can be read from it.
/// <paramref name="Node"/> is the value in the tree as written.
/// </summary>
public sealed record MalformedValue(string Path, string Value, string Expected, string Why, JsonNode? Near, JsonNode Node)
{
    /// <summary>
    /// True when the object is read with <see cref="Near"/> in its place (<see cref="MeantFields"/>), or without the
    /// value when none is near and the lint cannot read it (a quantity): the other rules judge what was meant.
    /// </summary>
    public bool ReadAsMeant { get; init; }
}
