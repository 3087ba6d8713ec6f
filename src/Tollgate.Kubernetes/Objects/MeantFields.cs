using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// An object read as its author meant it: each key its schema does not declare (<see cref="ObjectSchema"/>) that
/// is a typo or two from a field the same mapping does not also set (<c>readinessProbes</c>, <c>minReadySecond</c>,
/// <c>selecter</c>) is read as that field, as a misspelt <c>apiVersion</c> is read as the one meant. The misspelling is
/// then reported once, as the field <c>kubectl apply</c> refuses (<c>k8s/invalid-manifest</c>, "linted as"), and not
/// again by every rule that misses the dropped value (no readiness probe, <c>minReadySeconds</c> unset, no selector,
/// a budget that selects nothing); the other rules judge what the author meant, so one run shows everything to fix.
/// So is a value: one outside those its field lists is read as the value meant when one is a typo or a case away
/// (<c>imagePullPolicy: always</c> as <c>Always</c>, <c>strategy.type: recreate</c> as <c>Recreate</c>), a string where
/// a field holds a number as the number it spells (<c>minReadySeconds: "30"</c>, or <c>30s</c> where it counts
/// seconds, as <c>30</c>), a string or a number where a field holds a boolean as the flag it spells
/// (<c>hostNetwork: "true"</c>, <c>paused: "yes"</c>, <c>automountServiceAccountToken: 1</c> as <c>true</c>), and a
/// quantity the API server cannot parse as the one meant (<c>memory: 1GB</c> as <c>1G</c>); a quantity or a boolean
/// that spells none is read as unset (the typed models the rules read refuse it).
/// The written tree is left as it is (findings still point at its lines); the object gets a copy with the keys
/// renamed and the values replaced, in place, so its name and namespace are read again from it
/// (<c>metadata.namspace</c>).
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
        var replaced = check.Unsupported.Where(v => v.Near is not null).ToHashSet();
        var retyped = check.Malformed.Where(v => v.Near is not null || v.Expected is "quantity" or "boolean").ToHashSet();
        if (renamed.Count == 0 && replaced.Count == 0 && retyped.Count == 0)
        {
            return written with { Undeclared = undeclared, Unset = check.Unset, Unsupported = check.Unsupported, Malformed = check.Malformed };
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

        foreach (var value in replaced)
        {
            Replace(copies[value.Node], JsonValue.Create(value.Near));
        }

        foreach (var value in retyped)
        {
            Replace(copies[value.Node], value.Near?.DeepClone());
        }

        return identify(node) with
        {
            Undeclared = [.. undeclared.Select(f => renamed.Contains(f) ? f with { ReadAsNear = true } : f)],
            Unset = check.Unset,
            Unsupported = [.. check.Unsupported.Select(v => replaced.Contains(v) ? v with { ReadAsNear = true } : v)],
            Malformed = [.. check.Malformed.Select(v => retyped.Contains(v) ? v with { ReadAsMeant = true } : v)],
        };
    }

    /// <summary>Puts <paramref name="meant"/> where <paramref name="copy"/> is in its mapping or list; a null removes a mapping's entry.</summary>
    private static void Replace(JsonNode copy, JsonNode? meant)
    {
        switch (copy.Parent)
        {
            case JsonObject mapping when meant is null:
                mapping.Remove(copy.GetPropertyName());
                break;
            case JsonObject mapping:
                mapping[copy.GetPropertyName()] = meant;
                break;
            case JsonArray items when meant is not null:
                items[copy.GetElementIndex()] = meant;
                break;
        }
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
