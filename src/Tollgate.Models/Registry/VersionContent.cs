using System.Text.Json;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Registry;

/// <summary>What a registered version holds that a NAME@VERSION given again is compared on, one part at a time.</summary>
[Flags]
internal enum VersionPart
{
    Artifact = 1,
    Run = 2,
    Datasets = 4,
    CodeCommit = 8,
    Params = 16,
    Metrics = 32,
}

/// <summary>
/// One part in which two versions differ: the recorded version's value and the other's (datasets as their digests,
/// ordinal order, joined by ", "; null: none).
/// </summary>
internal sealed record VersionDifference(VersionPart Part, string? Recorded, string? Given);

/// <summary>
/// What a registered version is, for the two places that decide whether a NAME@VERSION given again is the one the
/// ledger holds (<c>model register</c>, <c>model import</c>): <see cref="Differences"/> lists the parts in which they
/// differ, and each caller compares the parts it cares for and words them its own way. Paths, stages and aliases are
/// not content.
/// </summary>
internal static class VersionContent
{
    /// <summary>The artifact and the datasets: what a version is, in both commands.</summary>
    public const VersionPart Identity = VersionPart.Artifact | VersionPart.Datasets;

    /// <summary>
    /// The parts of <paramref name="parts"/> in which <paramref name="given"/> differs from <paramref name="recorded"/>,
    /// in the order of <see cref="VersionPart"/>. The artifact, run and datasets (in any order) are compared as they
    /// are, a missing one differing from any; the code commit, parameters and metrics only when
    /// <paramref name="given"/> claims them (an option left out claims nothing), parameters and metrics as JSON values.
    /// </summary>
    public static IReadOnlyList<VersionDifference> Differences(ModelVersion recorded, ModelVersion given, VersionPart parts)
    {
        var differs = new List<VersionDifference>();
        void Compare(VersionPart part, string? was, string? now, bool same)
        {
            if ((parts & part) != 0 && !same)
            {
                differs.Add(new VersionDifference(part, was, now));
            }
        }

        Compare(VersionPart.Artifact, recorded.ArtifactDigest, given.ArtifactDigest, recorded.ArtifactDigest == given.ArtifactDigest);
        Compare(VersionPart.Run, recorded.RunId, given.RunId, recorded.RunId == given.RunId);
        if ((parts & VersionPart.Datasets) != 0)
        {
            var (was, now) = (DatasetDigests(recorded), DatasetDigests(given));
            Compare(VersionPart.Datasets, Joined(was), Joined(now), was.SequenceEqual(now));
        }

        Compare(VersionPart.CodeCommit, recorded.CodeCommit, given.CodeCommit, given.CodeCommit is null || given.CodeCommit == recorded.CodeCommit);
        if ((parts & VersionPart.Params) != 0)
        {
            Compare(VersionPart.Params, recorded.Params, given.Params, given.Params is null || (recorded.Params is not null && SameJson(recorded.Params, given.Params)));
        }

        if ((parts & VersionPart.Metrics) != 0)
        {
            Compare(VersionPart.Metrics, recorded.Metrics, given.Metrics, given.Metrics is null || (recorded.Metrics is not null && SameJson(recorded.Metrics, given.Metrics)));
        }

        return differs;

        static string? Joined(IReadOnlyList<string> digests) => digests.Count == 0 ? null : string.Join(", ", digests);
    }

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
