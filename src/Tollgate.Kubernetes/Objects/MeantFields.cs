using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// An object read as its author meant it: each key its schema does not declare (<see cref="ObjectSchema"/>) that
/// is a typo or two from a field the same mapping does not also set (<c>readinessProbes</c>, <c>minReadySecond</c>,
/// <c>selecter</c>) is read as that field, as a misspelt <c>apiVersion</c> is read as the one meant. The misspelling is
/// then reported once, as the field <c>kubectl apply</c> refuses (<c>k8s/invalid-manifest</c>, "linted as"), and not
/// again by every rule that misses the dropped value (no readiness probe, <c>minReadySeconds</c> unset, no selector,
/// a budget that selects nothing); the other rules judge what the author meant, so one run shows everything to fix.
/// The written tree is left as it is (findings still point at its lines); the object gets a copy with the keys
/// renamed, in place, so its name and namespace are read again from it (<c>metadata.namspace</c>).
/// </summary>
public static class MeantFields
{
    /// <summary>
    /// <paramref name="written"/> with its undeclared keys, read as meant when one is misspelt:
    /// <paramref name="identify"/> makes the object again from the renamed tree.
    /// </summary>
    public static KubeObject Read(KubeObject written, Func<JsonObject, KubeObject> identify)
    {
        var check = ObjectSchema.Check(written);
        var undeclared = check.Unknown;
        // One key per field meant in a mapping: a second misspelling of the same field stays only unknown.
        var renamed = undeclared
            .Where(f => f.Near is { } near && !f.Mapping.ContainsKey(near))
            .GroupBy(f => (Mapping: (JsonNode)f.Mapping, f.Near), f => f, new MappingAndField())
            .Select(g => g.First())
            .ToHashSet();
        if (renamed.Count == 0)
        {
            return written with { Undeclared = undeclared, Unset = check.Unset, Unsupported = check.Unsupported };
        }

        var copies = new Dictionary<JsonNode, JsonNode>(ReferenceEqualityComparer.Instance);
        var node = (JsonObject)written.Document.Copy(written.Node, copies);
        foreach (var field in renamed)
        {
            var mapping = (JsonObject)copies[field.Mapping];
            var at = mapping.IndexOf(field.Key);
            var value = mapping[field.Key];
            mapping.RemoveAt(at);
            mapping.Insert(at, field.Near!, value);
        }

        return identify(node) with
        {
            Undeclared = [.. undeclared.Select(f => renamed.Contains(f) ? f with { ReadAsNear = true } : f)],
            Unset = check.Unset,
            Unsupported = check.Unsupported,
        };
    }

    /// <summary>A mapping by reference and a field name: one rename per field meant in each mapping.</summary>
    private sealed class MappingAndField : IEqualityComparer<(JsonNode Mapping, string? Near)>
    {
        public bool Equals((JsonNode Mapping, string? Near) x, (JsonNode Mapping, string? Near) y) =>
            ReferenceEquals(x.Mapping, y.Mapping) && x.Near == y.Near;

        public int GetHashCode((JsonNode Mapping, string? Near) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Mapping), obj.Near);
    }
}
