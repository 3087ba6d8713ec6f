using System.Text.Json;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Registry;

/// <summary>
/// What a registered version is, for the two places that decide whether a NAME@VERSION given again is the one the
/// ledger holds (<c>model register</c>, <c>model import</c>): its artifact's digest and its datasets' digests, in any
/// order. Paths, stages and aliases are not content; each caller words what else it compares.
/// </summary>
internal static class VersionContent
{
    public static bool Same(ModelVersion a, ModelVersion b) =>
        a.ArtifactDigest == b.ArtifactDigest && DatasetDigests(a).SequenceEqual(DatasetDigests(b));

    /// <summary>The version's dataset digests, ordinal order: the lineage as a comparable list.</summary>
    public static IReadOnlyList<string> DatasetDigests(ModelVersion v) => [.. v.Datasets.Select(d => d.Digest).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Two JSON documents (parameters, metrics) that hold the same value, whatever their spacing and key order. A key
    /// given twice in an object (rows recorded before 2026-12-05 may hold one) takes its last value, as the
    /// System.Text.Json readers of the time did.
    /// </summary>
    public static bool SameJson(string a, string b)
    {
        using var first = JsonDocument.Parse(a);
        using var second = JsonDocument.Parse(b);
        return SameValue(first.RootElement, second.RootElement);
    }

    private static bool SameValue(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Object, JsonValueKind.Object) => SameMembers(LastWins(a), LastWins(b)),
        (JsonValueKind.Array, JsonValueKind.Array) => a.GetArrayLength() == b.GetArrayLength()
            && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => SameValue(pair.First, pair.Second)),
        _ => JsonElement.DeepEquals(a, b),
    };

    private static Dictionary<string, JsonElement> LastWins(JsonElement o)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            members[p.Name] = p.Value;
        }

        return members;
    }

    private static bool SameMembers(Dictionary<string, JsonElement> a, Dictionary<string, JsonElement> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && SameValue(kv.Value, other));
}
