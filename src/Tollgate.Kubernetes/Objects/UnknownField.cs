using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A key a custom resource's schema does not declare where it is written: <paramref name="Path"/> as written
/// (<c>spec.strategy.canary.setps</c>, <c>spec.strategy.canary.steps[1].setWieght</c>), the fields the schema takes
/// there, and the one a typo away (<paramref name="Near"/>). <paramref name="At"/> is the node to locate it by: its
/// value, or the mapping holding it when the value is empty.
/// </summary>
public sealed record UnknownField(string Path, string Parent, string Key, IReadOnlyList<string> Accepted, string? Near, JsonNode? At);
