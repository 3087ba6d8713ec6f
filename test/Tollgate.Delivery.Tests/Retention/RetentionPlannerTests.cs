using Tollgate.Delivery.Retention;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Retention;

public sealed class RetentionPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TaggedArtifact Tag(string tag, int day, string? digest = null) => new(tag, digest ?? "sha256:" + tag, T0.AddDays(day));

    private static Deploy Deployed(string version, string env, int day, DeployResult result = DeployResult.Success) =>
        new($"{version}-{env}", "checkout", env, version, DeployIntent.Planned, T0.AddDays(day)) { FinishedAt = T0.AddDays(day), Result = result };

    [Fact]
    public void Plan_FloorPerEnvironmentAndNewest_DeletesOnlyTheRest()
    {
        List<TaggedArtifact> tags = [Tag("v1", 1), Tag("v2", 2), Tag("v3", 3), Tag("v4", 4), Tag("v5", 5), Tag("v6", 6), Tag("v7", 7)];
        List<Deploy> deploys =
        [
            Deployed("v2", "production", 2), Deployed("v3", "production", 3), Deployed("v4", "production", 4), Deployed("v5", "production", 5),
            Deployed("v6", "production", 6, DeployResult.Failed), Deployed("v1", "staging", 7),
        ];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, deploys, keep: 1);

        plan.Findings.ShouldBeEmpty();
        plan.Kept.Select(k => k.Artifact.Tag).Order().ShouldBe(["v1", "v3", "v4", "v5", "v7"]);
        plan.Deletions.SelectMany(d => d.Tags).Order().ShouldBe(["v2", "v6"]);
        plan.Kept.Single(k => k.Artifact.Tag == "v5").Reasons.ShouldBe(["floor: current in production"]);
        plan.Kept.Single(k => k.Artifact.Tag == "v3").Reasons.ShouldBe(["floor: before-previous in production"]);
        plan.Kept.Single(k => k.Artifact.Tag == "v7").Reasons.ShouldBe(["newest 1"]);
    }

    [Fact]
    public void Plan_TagSharingAKeptDigest_IsKept()
    {
        List<TaggedArtifact> tags = [Tag("v1", 1, "sha256:same"), Tag("v2", 2), Tag("latest", 0, "sha256:same"), Tag("old", 0)];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, [Deployed("v1", "production", 1)], keep: 1);

        plan.Kept.Single(k => k.Artifact.Tag == "latest").Reasons.ShouldBe(["same digest as kept tag v1"]);
        plan.Deletions.ShouldHaveSingleItem().Tags.ShouldBe(["old"]);
    }

    [Fact]
    public void Plan_DeployByAPlatformDigestOfAnIndex_KeepsTheIndexAndTagsOfItsPlatformImages()
    {
        var arm64 = "sha256:" + new string('a', 64);
        List<TaggedArtifact> tags =
        [
            Tag("m1", 1) with { Images = [arm64, "sha256:" + new string('b', 64)] }, Tag("arm64", 1, arm64), Tag("m2", 2) with { Images = ["sha256:" + new string('c', 64)] },
            Tag("old", 0),
        ];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, [Deployed(arm64.ToUpperInvariant().Replace("SHA256", "sha256"), "edge", 3)], keep: 0);

        plan.Findings.ShouldBeEmpty();
        plan.Kept.Single(k => k.Artifact.Tag == "m1").Reasons.ShouldBe(["floor: current in edge"]);
        plan.Kept.Single(k => k.Artifact.Tag == "arm64").Reasons.ShouldBe(["floor: current in edge"]);
        plan.Deletions.SelectMany(d => d.Tags).Order().ShouldBe(["m2", "old"]);
    }

    [Fact]
    public void Plan_TagOfAPlatformImageOfAKeptIndex_IsKept()
    {
        var amd64 = "sha256:" + new string('d', 64);
        List<TaggedArtifact> tags = [Tag("m1", 2) with { Images = [amd64] }, Tag("amd64", 1, amd64), Tag("old", 0)];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, [Deployed("m1", "production", 2)], keep: 0);

        plan.Kept.Single(k => k.Artifact.Tag == "amd64").Reasons.ShouldBe(["a platform image of kept tag m1"]);
        plan.Deletions.ShouldHaveSingleItem().Tags.ShouldBe(["old"]);
    }

    [Fact]
    public void Plan_FloorVersionAlreadyGone_IsARetentionFloorFinding()
    {
        List<TaggedArtifact> tags = [Tag("v1", 1), Tag("v3", 3)];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, [Deployed("v2", "production", 2), Deployed("v3", "production", 3)], keep: 0);

        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("retention-floor");
        finding.Message.ShouldContain("production's previous version v2 of checkout is not in shop/checkout");
    }

    [Fact]
    public void Plan_NoDeployHistory_RefusesWithAFinding()
    {
        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", [Tag("v1", 1), Tag("v2", 2)], [], keep: 1);

        plan.Findings.ShouldHaveSingleItem().Rule.ShouldBe("retention-floor");
    }

    [Theory]
    [InlineData(null, "the ledger has no deploys of chekout, so the N+2 floor is unknown: nothing is deleted")]
    [InlineData("checkout", "the ledger has no deploys of chekout, so the N+2 floor is unknown: nothing is deleted; did you mean --service checkout?")]
    public void Plan_NoDeployOfANameNearADeployedOne_FindingAsksDidYouMean(string? near, string message)
    {
        var plan = RetentionPlanner.Plan("chekout", "shop/chekout", [Tag("v1", 1)], [], keep: 1, near);

        plan.Findings.ShouldHaveSingleItem().Message.ShouldBe(message);
        plan.Deletions.ShouldBeEmpty();
    }

    private static string Sha(char c) => "sha256:" + new string(c, 64);

    [Fact]
    public void Plan_DeployedByDigest_KeepsTheTagsOfThatImageAndTheFloorHolds()
    {
        // A CDEvent whose purl has no tag qualifier records the version as the digest; the registry lists tags only.
        List<TaggedArtifact> tags = [Tag("build-101", 1, Sha('a')), Tag("build-102", 2, Sha('b')), Tag("build-103", 3, Sha('c')), Tag("build-104", 4, Sha('d'))];
        List<Deploy> deploys = [Deployed(Sha('a'), "production", 1), Deployed(Sha('b'), "production", 2), Deployed(Sha('c'), "production", 3)];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, deploys, keep: 0);

        plan.Findings.ShouldBeEmpty();
        plan.Kept.Select(k => k.Artifact.Tag).Order().ShouldBe(["build-101", "build-102", "build-103"]);
        plan.Kept.Single(k => k.Artifact.Tag == "build-103").Reasons.ShouldBe(["floor: current in production"]);
        plan.Deletions.ShouldHaveSingleItem().Tags.ShouldBe(["build-104"]);
    }

    [Fact]
    public void Plan_VersionNotATagButArtifactNamesTheDigest_KeepsThatImage()
    {
        // The deploy says version 2024.03.1, the registry calls the same image sha-1f2e3d4 and latest.
        List<TaggedArtifact> tags = [Tag("sha-1f2e3d4", 1, Sha('a')), Tag("latest", 1, Sha('a')), Tag("sha-9c8b7a6", 2, Sha('b'))];
        var deploy = Deployed("2024.03.1", "production", 1) with { ArtifactId = "pkg:oci/checkout@" + Sha('a').Replace(":", "%3A", StringComparison.Ordinal) };

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, [deploy], keep: 0);

        plan.Findings.ShouldBeEmpty();
        plan.Floor.ShouldHaveSingleItem().InRegistry.ShouldBeTrue();
        plan.Kept.Select(k => k.Artifact.Tag).Order().ShouldBe(["latest", "sha-1f2e3d4"]);
        plan.Deletions.ShouldHaveSingleItem().Tags.ShouldBe(["sha-9c8b7a6"]);
    }

    [Fact]
    public void Plan_TagsListedByName_KeptAndDeletedNewestFirstAndTheFactsSo()
    {
        // Before: kept and deleted in the registry's tag-list order (v1, v10, v2, …), the text sorted by name.
        List<TaggedArtifact> tags =
        [
            Tag("v1", 1), Tag("v10", 10), Tag("v2", 2), Tag("v3", 3), Tag("v9", 9),
            new("undated", "sha256:undated", null), Tag("latest", 10, "sha256:v10"), Tag("v8", 8, "sha256:v3"),
        ];

        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, [Deployed("v2", "production", 2)], keep: 1);
        var facts = RetentionReport.Facts(plan, applied: false, refused: false).ToDictionary(f => f.Key, f => f.Value);

        plan.Kept.Select(k => k.Artifact.Tag).ShouldBe(["v10", "latest", "v2"]);
        plan.Deletions.Select(d => string.Join("+", d.Tags)).ShouldBe(["v9", "v3+v8", "v1", "undated"]);
        facts["kept"].ShouldBe("v10, latest, v2");
        facts["delete"].ShouldBe("v9, v3, v8, v1, undated");
    }
}
