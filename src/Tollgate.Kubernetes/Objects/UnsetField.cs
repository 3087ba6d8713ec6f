using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A field an object's schema requires where it is not written: <paramref name="Path"/>
/// as meant (<c>spec.analysis</c>, <c>spec.template.spec.containers[0].name</c>), in <paramref name="Parent"/>, the
/// mapping as written that lacks it (<paramref name="Mapping"/>, which locates it). A misspelt key a typo or two
/// away from it counts as it (it is read as meant); a key far from every field does not.
/// </summary>
public sealed record UnsetField(string Path, string Parent, string Field, JsonObject Mapping);
