using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// The retention floor: for every environment the service was deployed to, the current version, the previous one and
/// the one before it (N+2: a rollback target and the rollback's own rollback target) are never deleted, nor the newest
/// <c>--keep</c> tags, nor any tag that shares its manifest digest with a kept tag (a delete by digest would take it
/// too) or points at a platform image a kept image index lists (deleting it would break the index). When the floor cannot be kept (a floor version is already gone, or the ledger has no deploy history to
/// compute it from), the plan carries a <c>retention-floor</c> finding and apply refuses to delete anything.
/// </summary>
public static class RetentionPlanner
{
    public const string Rule = "retention-floor";

    private static readonly string[] Roles = ["current", "previous", "before-previous"];

    /// <summary>
    /// The plan's <see cref="RetentionPlan.Kept"/> and <see cref="RetentionPlan.Deletions"/> list images newest first, the
    /// order <c>--keep</c> counts in: by image creation time, images whose config gives none last, and tags of the same
    /// time in reverse ordinal order (<c>v2</c> before <c>v1</c>). A deletion stands where its newest tag does.
    /// </summary>
    /// <param name="near">A deployed service <paramref name="service"/> nearly duplicates when it has no deploy (a typo):
    /// the finding then asks "did you mean --service NEAR?".</param>
    public static RetentionPlan Plan(string service, string repository, IReadOnlyList<TaggedArtifact> listed, IReadOnlyList<Deploy> deploys, int keep, string? near = null)
    {
        var artifacts = listed
            .OrderByDescending(a => a.Created ?? DateTimeOffset.MinValue)
            .ThenByDescending(a => a.Tag, StringComparer.Ordinal)
            .ToList();
        var floor = Floor(deploys, artifacts);
        var reasons = artifacts.ToDictionary(a => a.Tag, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var entry in floor.Where(f => f.InRegistry))
        {
            foreach (var artifact in artifacts.Where(entry.Holds))
            {
                reasons[artifact.Tag].Add($"floor: {entry.Role} in {entry.Environment}");
            }
        }

        foreach (var artifact in artifacts.Take(keep))
        {
            reasons[artifact.Tag].Add($"newest {keep}");
        }

        var keptDigests = artifacts.Where(a => reasons[a.Tag].Count > 0).GroupBy(a => a.Digest, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Tag, StringComparer.Ordinal);
        var keptImages = artifacts.Where(a => reasons[a.Tag].Count > 0).SelectMany(a => a.Images.Select(image => (Image: image, a.Tag)))
            .DistinctBy(i => i.Image, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(i => i.Image, i => i.Tag, StringComparer.OrdinalIgnoreCase);
        foreach (var artifact in artifacts.Where(a => reasons[a.Tag].Count == 0))
        {
            if (keptDigests.TryGetValue(artifact.Digest, out var same))
            {
                reasons[artifact.Tag].Add($"same digest as kept tag {same}");
            }
            else if (keptImages.TryGetValue(artifact.Digest, out var index))
            {
                reasons[artifact.Tag].Add($"a platform image of kept tag {index}");
            }
        }

        var kept = artifacts.Where(a => reasons[a.Tag].Count > 0).Select(a => new RetainedArtifact(a, reasons[a.Tag])).ToList();
        var deletions = artifacts.Where(a => reasons[a.Tag].Count == 0)
            .GroupBy(a => a.Digest, StringComparer.Ordinal)
            .Select(g => new Deletion(g.Key, g.Select(a => a.Tag).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return new RetentionPlan(service, floor, kept, deletions, Findings(service, repository, floor, deploys, near));
    }

    /// <summary>
    /// Per environment, the last three distinct versions deployed (failed deploys not counted); a version deployed by
    /// digest is in the registry when a tag points at that digest, or at an image index that lists it (one platform's
    /// manifest), whatever the tags are called.
    /// </summary>
    private static List<FloorEntry> Floor(IReadOnlyList<Deploy> deploys, IReadOnlyList<TaggedArtifact> artifacts) =>
        deploys
            .Where(d => d.Result != DeployResult.Failed)
            .GroupBy(d => d.Environment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g
                .OrderByDescending(d => d.FinishedAt ?? d.StartedAt)
                .DistinctBy(d => d.Version, StringComparer.Ordinal)
                .Take(Roles.Length)
                .Select((d, i) => new FloorEntry(g.Key, d.Version, Roles[i], false) { Digest = DeployedDigest.Of(d.Version, d.ArtifactId) })
                .Select(entry => entry with { InRegistry = artifacts.Any(entry.Holds) }))
            .ToList();

    private static List<Finding> Findings(string service, string repository, List<FloorEntry> floor, IReadOnlyList<Deploy> deploys, string? near)
    {
        var findings = new List<Finding>();
        if (deploys.Count == 0)
        {
            findings.Add(new Finding(Rule, Severity.High, repository,
                $"the ledger has no deploys of {service}, so the N+2 floor is unknown: nothing is deleted{(near is null ? "" : $"; did you mean --service {near}?")}")
            {
                Suggestion = $"record deploys with tollgate deploy start {service} … or tollgate events ingest, or name the service with --service",
            });
        }

        foreach (var missing in floor.Where(f => !f.InRegistry))
        {
            findings.Add(new Finding(Rule, Severity.High, $"{repository}:{missing.Version}",
                $"{missing.Environment}'s {missing.Role} version {missing.Version} of {service} is not in {repository}: the floor is already broken, so nothing more is deleted")
            {
                Evidence = new Dictionary<string, object?> { ["environment"] = missing.Environment, ["version"] = missing.Version, ["role"] = missing.Role },
            });
        }

        return findings;
    }
}
