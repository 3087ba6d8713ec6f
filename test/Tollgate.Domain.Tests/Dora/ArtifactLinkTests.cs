using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Domain.Tests.Dora;

/// <summary>
/// An incident with no <c>CAUSED_BY</c> is linked to the latest deploy of its <c>artifactId</c> before detection. The
/// ledger of new-user report 5d finding 4: pay v3 at 08:00 and v4 at 09:00, incident X1 at 10:00 naming v3's purl with
/// its qualifiers in another order and <c>/</c> written <c>%2F</c>, hotfix v5 at 11:00.
/// </summary>
public sealed class ArtifactLinkTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 2, 0, 0, 0, TimeSpan.Zero);

    private static Deploy Pay(string version, int hour, string? artifact, DeployIntent intent = DeployIntent.Planned) =>
        new($"pay/{version}", "pay", "production", version, intent, T0.AddHours(hour)) { FinishedAt = T0.AddHours(hour), Result = DeployResult.Success, ArtifactId = artifact };

    [Theory]
    [InlineData("pkg:oci/pay@sha256%3Aaaa?repository_url=r.io/pay&tag=v3")]
    [InlineData("pkg:oci/pay@sha256%3Aaaa?tag=v3&repository_url=r.io%2Fpay")]
    [InlineData("PKG:OCI/pay@sha256:aaa?Tag=v3&repository_url=r.io%2Fpay&arch=")]
    public void Compute_IncidentNamingTheSamePurlWrittenOtherwise_BlamesThatArtifactsDeploy(string incidentArtifact)
    {
        List<Deploy> deploys =
        [
            Pay("v3", 8, "pkg:oci/pay@sha256%3Aaaa?repository_url=r.io/pay&tag=v3"),
            Pay("v4", 9, "pkg:oci/pay@sha256%3Abbb?repository_url=r.io/pay&tag=v4"),
            Pay("v5", 11, null, DeployIntent.Hotfix),
        ];
        List<Incident> incidents = [new("X1", "pay", "production", T0.AddHours(10)) { ArtifactId = incidentArtifact }];

        var dora = DoraCalculator.Compute(deploys, incidents, new DoraWindow(T0.AddDays(-1), T0.AddDays(5)), "production", DoraDefinitions.Recommended)
            .Services.ShouldHaveSingleItem();

        dora.RecoveryMinutes.Median.ShouldBe(180, "v3 08:00 to the hotfix at 11:00; was 120 min (v4 blamed) when the purl was written otherwise");
    }

    /// <summary>
    /// Every way an incident names a deploy's artifact, over a history where a later deploy ships another artifact (and
    /// a later one still names none): the deploy's version, its digest as plain text, its purl with another version or
    /// qualifier value (not it). The minutes are those of the deploy blamed up to the hotfix at 11:00.
    /// </summary>
    [Theory]
    [InlineData("v3", 180)] // the version of v3's deploy
    [InlineData("sha256:ccc", 150)] // not a purl: compared as text with v3.5's artifact id
    [InlineData("pkg:oci/pay@sha256:aaa?tag=v3&repository_url=r.io%2Fpay", 180)] // v3's purl, ':' not encoded, qualifiers swapped
    [InlineData("pkg:oci/pay@sha256%3Aaaa?repository_url=r.io/pay&tag=v4", 120)] // v3's digest with v4's tag: no artifact, nearest prior (v4)
    [InlineData("pkg:oci/pay@sha256%3Abbb?REPOSITORY_URL=r.io/pay&tag=v4&arch=", 120)] // v4's, keys in capitals, an empty qualifier
    public void Compute_IncidentNamingAnArtifact_BlamesTheLatestDeployOfThatArtifact(string incidentArtifact, double minutes)
    {
        List<Deploy> deploys =
        [
            Pay("v3", 8, "pkg:oci/pay@sha256%3Aaaa?repository_url=r.io/pay&tag=v3"),
            Pay("v3.5", 8, "sha256:ccc") with { FinishedAt = T0.AddHours(8.5) },
            Pay("v4", 9, "pkg:oci/pay@sha256%3Abbb?repository_url=r.io/pay&tag=v4"),
            Pay("v5", 11, null, DeployIntent.Hotfix),
        ];
        List<Incident> incidents = [new("X1", "pay", "production", T0.AddHours(10)) { ArtifactId = incidentArtifact }];

        var dora = DoraCalculator.Compute(deploys, incidents, new DoraWindow(T0.AddDays(-1), T0.AddDays(5)), "production", DoraDefinitions.Recommended)
            .Services.ShouldHaveSingleItem();

        dora.RecoveryMinutes.Median.ShouldBe(minutes);
        dora.FailedDeployments.ShouldBe(1);
    }

    [Theory]
    [InlineData("pkg:oci/pay@sha256%3Aaaa?tag=v3", "pkg:oci/pay@sha256%3Abbb?tag=v3")]
    [InlineData("pkg:oci/pay@v3", "pkg:oci/shop@v3")]
    [InlineData("pkg:oci/pay@v3?tag=v3", "pkg:oci/pay@v3?tag=v4")]
    [InlineData("pkg:npm/%40scope/pay@1", "pkg:npm/scope/pay@1")]
    public void Same_DifferentArtifacts_False(string a, string b) => PackageUrl.Same(a, b).ShouldBeFalse();

    [Theory]
    [InlineData("pkg:oci/pay@sha256%3Aaaa?repository_url=r.io/pay&tag=v3", "v3")]
    [InlineData("PKG:OCI/pay@sha256%3Aaaa?Tag=v3", "v3")]
    [InlineData("pkg:oci/pay@1.2%2B3#sub", "1.2+3")]
    [InlineData("pkg:oci/pay", null)]
    [InlineData("pay:1.2", null)]
    public void Version_PurlsWrittenOtherwise_TagElseVersionAsSameReadsThem(string purl, string? version) => PackageUrl.Version(purl).ShouldBe(version);
}
