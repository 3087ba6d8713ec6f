using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A key an object's schema does not declare where it is written: <paramref name="Path"/> as written
/// (<c>spec.strategy.canary.setps</c>, <c>spec.strategy.canary.steps[1].setWieght</c>), the fields the schema takes
/// there, and the one a typo or two away (<paramref name="Near"/>). <paramref name="MeantParent"/> is
/// <paramref name="Parent"/> with the misspelt keys above it written as the fields they mean
/// (<c>spec.jobTemplate.spec</c> under a misspelt <c>jobTemplat</c>). <paramref name="Mapping"/> is the mapping that
/// holds the key, in the tree as written.
/// </summary>
public sealed record UnknownField(string Path, string Parent, string MeantParent, string Key, IReadOnlyList<string> Accepted, string? Near, JsonObject Mapping)
{
    /// <summary>The path of the field meant (<c>spec.jobTemplate.spec.backoffLimit</c>); null when no field is near.</summary>
    public string? MeantPath => Near is null ? null : MeantParent.Length == 0 ? Near : $"{MeantParent}.{Near}";

    /// <summary>The node to locate the key by: its value, or the mapping holding it when the value is empty.</summary>
    public JsonNode At => Mapping[Key] ?? Mapping;

    /// <summary>
    /// True when the object is read as if the key were written as <see cref="Near"/> (<see cref="MeantFields"/>):
    /// the other rules judge the value the author meant, so the misspelling is reported once, as this field.
    /// </summary>
    public bool ReadAsNear { get; init; }

    /// <summary>The table's definition of the mapping that holds the key (<c>core.v1.Container</c>, <c>Canary.spec</c>).</summary>
    public string Definition { get; init; } = "";
}
