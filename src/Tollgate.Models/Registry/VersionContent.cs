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

    /// <summary>Two JSON documents (parameters, metrics) that hold the same value, whatever their spacing and key order.</summary>
    public static bool SameJson(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));
}
