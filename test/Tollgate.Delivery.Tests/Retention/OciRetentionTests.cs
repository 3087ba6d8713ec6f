using Tollgate.Domain.Ledger;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>Retention against a real registry (docker-registry with deletes enabled; images pushed with skopeo).</summary>
public sealed class OciRetentionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-retention-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly RegistryServer _registry = RegistryServer.Shared;

    private async Task<(string Repository, IDeliveryStore Store, ILedger Ledger)> ArrangeAsync(params (string Version, string Env)[] deploys)
    {
        var repository = "shop/r" + Guid.NewGuid().ToString("N")[..10];
        var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(T0));
        var store = DeliveryStore.Of(ledger);
        var day = 0;
        foreach (var (version, env) in deploys)
        {
            var at = T0.AddDays(++day);
            var service = repository[(repository.LastIndexOf('/') + 1)..];
            await store.RecordAsync([new DeployEvent($"{version}/{env}", "test", new Deploy($"{version}/{env}", service, env, version, DeployIntent.Planned, at)
            {
                FinishedAt = at,
                Result = DeployResult.Success,
            })]);
        }

        return (repository, store, ledger);
    }

    [Fact]
    public async Task Apply_RealRegistry_DeletesBelowKeepButNeverTheFloorOrASharedDigest()
    {
        var (repository, store, ledger) = await ArrangeAsync(("v2", "production"), ("v3", "production"), ("v4", "production"), ("v1", "staging"));
        await using var _ = ledger;
        for (var i = 1; i <= 6; i++)
        {
            await _registry.PushAsync(repository, $"v{i}", $"build {i}", T0.AddDays(i));
        }

        var shared = await _registry.PushAsync(repository, "stable", "build 3", T0.AddDays(3)); // the same image as v3
        var oci = new OciRegistry(_http, _registry.Url);
        var gate = new RetentionGate(oci, store);
        var service = repository[(repository.LastIndexOf('/') + 1)..];

        var (report, plan) = await gate.RunAsync(repository, service, keep: 1, repository, apply: true, Context(ledger));
        var left = await oci.ArtifactsAsync(repository, CancellationToken.None);

        plan.Findings.ShouldBeEmpty();
        report.Verdict.ShouldBe(Verdict.Pass);
        report.Reason.ShouldStartWith("deleted 1 manifest");
        (await ledger.RecentAsync("retention", 5)).ShouldHaveSingleItem().Digest.ShouldBe(report.Digest);
        left.Select(a => a.Tag).Order().ShouldBe(["stable", "v1", "v2", "v3", "v4", "v6"]);
        left.Single(a => a.Tag == "stable").Digest.ShouldBe(shared);
        left.Single(a => a.Tag == "v3").Digest.ShouldBe(shared);
        plan.Deletions.ShouldHaveSingleItem().Tags.ShouldBe(["v5"]);
    }

    [Fact]
    public async Task Apply_RegistryRefusesADeleteMidway_RecordsAFailedApplyWithTheDeletionsMadeAndLeft()
    {
        // Before: the command exited 3 while the ledger recorded the stopped apply as pass, exit code 0.
        var (repository, store, ledger) = await ArrangeAsync(("v6", "production"));
        await using var _ = ledger;
        for (var i = 1; i <= 6; i++)
        {
            await _registry.PushAsync(repository, $"v{i}", $"build {i}", T0.AddDays(i));
        }

        var oci = new OciRegistry(_http, _registry.Url);
        var failing = new FailingSecondDelete(oci);

        var (report, made) = await new RetentionGate(failing, store).RunAsync(repository, repository[(repository.LastIndexOf('/') + 1)..], keep: 0, repository, apply: true, Context(ledger));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.ExitCode.ShouldBe(1);
        report.Reason.ShouldBe("the apply failed: stopped after deleting 1 manifest of 5 (v1), 4 not deleted (v5, v4, v3, v2): DELETE answered 500 (the test's registry); run retention apply again to delete the rest");
        report.Summary.Single(s => s.Key == "delete").Value.ShouldBe(1);
        report.Facts.Single(f => f.Key == "deleted").Value.ShouldBe("v1");
        report.Facts.Single(f => f.Key == "not deleted").Value.ShouldBe("v5, v4, v3, v2");
        // The fail has its failing finding (SARIF, Markdown and JUnit showed a fail with none).
        var incomplete = report.Findings.ShouldHaveSingleItem();
        incomplete.Rule.ShouldBe("retention-incomplete");
        incomplete.Message.ShouldBe("the apply stopped after deleting 1 manifest of 5 (v1), 4 not deleted (v5, v4, v3, v2): DELETE answered 500 (the test's registry)");
        incomplete.Evidence["notDeleted"].ShouldBe(new[] { "v5", "v4", "v3", "v2" });
        report.Blocking.ShouldBe([incomplete]);
        RetentionReport.Text(made, report, applied: true).ShouldContain("deleted (newest first):\n  v1 ");
        RetentionReport.Text(made, report, applied: true).ShouldContain("not deleted (the apply stopped, newest first):\n  v5 ");
        (await oci.ArtifactsAsync(repository, CancellationToken.None)).Select(a => a.Tag).Order().ShouldBe(["v2", "v3", "v4", "v5", "v6"]);
        var recorded = (await ledger.RecentAsync("retention", 5)).ShouldHaveSingleItem();
        recorded.Verdict.ShouldBe("fail");
        recorded.ExitCode.ShouldBe(1);
        recorded.Reason.ShouldBe(report.Reason);
        recorded.Findings.ShouldContain("retention-incomplete");
    }

    private sealed class FailingSecondDelete(IArtifactRegistry inner) : IArtifactRegistry
    {
        private int _deletes;

        public Task<IReadOnlyList<TaggedArtifact>> ArtifactsAsync(string repository, CancellationToken cancellationToken) => inner.ArtifactsAsync(repository, cancellationToken);

        public Task DeleteAsync(string repository, string digest, CancellationToken cancellationToken) =>
            ++_deletes == 2 ? throw new InvalidInputException("DELETE answered 500 (the test's registry)") : inner.DeleteAsync(repository, digest, cancellationToken);
    }

    [Fact]
    public async Task Apply_FloorVersionMissingFromRegistry_RefusesAndDeletesNothing()
    {
        var (repository, store, ledger) = await ArrangeAsync(("v1", "production"), ("v9", "production"));
        await using var _ = ledger;
        await _registry.PushAsync(repository, "v1", "one", T0.AddDays(1));
        await _registry.PushAsync(repository, "v2", "two", T0.AddDays(2));
        var oci = new OciRegistry(_http, _registry.Url);
        var gate = new RetentionGate(oci, store);

        var (report, plan) = await gate.RunAsync(repository, repository[(repository.LastIndexOf('/') + 1)..], keep: 0, repository, apply: true, Context(ledger));

        plan.Findings.ShouldHaveSingleItem().Message.ShouldContain("current version v9");
        report.Verdict.ShouldBe(Verdict.Fail);
        report.Reason.ShouldStartWith("refused: ");
        report.Summary.Single(s => s.Key == "delete").Value.ShouldBe(0);
        report.Facts.Single(f => f.Key == "delete").Value.ShouldBeEmpty();
        (await oci.ArtifactsAsync(repository, CancellationToken.None)).Count.ShouldBe(2);
        (await ledger.RecentAsync("retention", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("fail");
    }

    [Fact]
    public async Task Apply_FloorFindingExceptedByPolicy_DeletesButNeverTheFloorVersionsThatExist()
    {
        var (repository, store, ledger) = await ArrangeAsync(("v1", "production"), ("v9", "production"));
        await using var _ = ledger;
        await _registry.PushAsync(repository, "v1", "one", T0.AddDays(1));
        await _registry.PushAsync(repository, "v2", "two", T0.AddDays(2));
        var oci = new OciRegistry(_http, _registry.Url);
        var policy = Policy.Default with { Exceptions = [new PolicyException("retention-floor", repository + ":v9", "v9 was built outside this registry", "platform", new DateOnly(2026, 12, 31))] };

        var (report, _) = await new RetentionGate(oci, store).RunAsync(repository, repository[(repository.LastIndexOf('/') + 1)..], keep: 0, repository, apply: true, Context(ledger, policy));

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Reason.ShouldContain("1 floor finding excepted by policy");
        (await oci.ArtifactsAsync(repository, CancellationToken.None)).Select(a => a.Tag).ShouldBe(["v1"]);
    }

    [Fact]
    public async Task Plan_MultiPlatformImages_NewestByTheirImagesCreationTime()
    {
        var (repository, store, ledger) = await ArrangeAsync(("v1", "production"));
        await using var _ = ledger;
        await _registry.PushAsync(repository, "v1", "one", T0.AddDays(1));
        await _registry.PushIndexAsync(repository, "v9", "nine", T0.AddDays(9));
        var ten = await _registry.PushIndexAsync(repository, "v10", "ten", T0.AddDays(10));
        var oci = new OciRegistry(_http, _registry.Url);

        var artifacts = await oci.ArtifactsAsync(repository, CancellationToken.None);
        var plan = await new RetentionGate(oci, store).PlanAsync(repository, repository[(repository.LastIndexOf('/') + 1)..], keep: 1, CancellationToken.None);

        var v10 = artifacts.Single(a => a.Tag == "v10");
        (v10.Tag, v10.Digest, v10.Created).ShouldBe(("v10", ten, T0.AddDays(10)));
        v10.Images.ShouldBe(await IndexImagesAsync(repository, "v10"));
        plan.Kept.Single(k => k.Artifact.Tag == "v10").Reasons.ShouldBe(["newest 1"]);
        plan.Deletions.ShouldHaveSingleItem().Tags.ShouldBe(["v9"]);
    }

    [Fact]
    public async Task Plan_DeployPinnedToOnePlatformOfAnIndex_KeepsTheIndexAsTheFloor()
    {
        // Before: "edge's current version sha256:… is not in shop/…: the floor is already broken", nothing deleted.
        var (repository, store, ledger) = await ArrangeAsync(("s5", "production"));
        await using var _ = ledger;
        await _registry.PushIndexAsync(repository, "m1", "multi", T0.AddDays(1));
        await _registry.PushAsync(repository, "s3", "three", T0.AddDays(3));
        await _registry.PushAsync(repository, "s4", "four", T0.AddDays(4));
        await _registry.PushAsync(repository, "s5", "five", T0.AddDays(5));
        var amd64 = (await IndexImagesAsync(repository, "m1"))[1];
        var arch = await _registry.PushAsync(repository, "amd64-only", "multi", T0.AddDays(1)); // the same platform image, tagged alone
        arch.ShouldBe(amd64);
        var service = repository[(repository.LastIndexOf('/') + 1)..];
        var pinned = T0.AddDays(10);
        await store.RecordAsync([new DeployEvent("pinned/edge", "test", new Deploy("pinned/edge", service, "edge", amd64, DeployIntent.Planned, pinned)
        {
            FinishedAt = pinned,
            Result = DeployResult.Success,
        })]);
        var oci = new OciRegistry(_http, _registry.Url);

        var plan = await new RetentionGate(oci, store).PlanAsync(repository, service, keep: 1, CancellationToken.None);

        plan.Findings.ShouldBeEmpty();
        plan.Floor.Single(f => f.Environment == "edge").InRegistry.ShouldBeTrue();
        plan.Kept.Single(k => k.Artifact.Tag == "m1").Reasons.ShouldBe(["floor: current in edge"]);
        plan.Kept.Single(k => k.Artifact.Tag == "amd64-only").Reasons.ShouldBe(["floor: current in edge"]);
        plan.Deletions.SelectMany(d => d.Tags).Order().ShouldBe(["s3", "s4"]);
    }

    /// <summary>The manifests the index <paramref name="tag"/> lists, read from the registry without Tollgate.</summary>
    private async Task<List<string>> IndexImagesAsync(string repository, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_registry.Url, $"v2/{repository}/manifests/{tag}"));
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        using var response = await _http.SendAsync(request);
        using var index = System.Text.Json.JsonDocument.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        return index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()!).ToList();
    }

    private static GateContext Context(ILedger ledger, Policy? policy = null) => new(new FakeTimeProvider(T0), ledger, policy ?? Policy.Default, Path.GetTempPath());

    [Fact]
    public async Task Artifacts_RegistryWantsALogin_SaysSoInOneLine()
    {
        // Before: "answered 401 {"errors":…}" and no word of what to do; then "sends none", with no way to send one.
        await using var registry = await ScriptedServer.StartAsync((System.Net.HttpStatusCode.Unauthorized, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"""));
        var oci = new OciRegistry(_http, registry.Url);

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/checkout", CancellationToken.None));

        error.Message.ShouldEndWith($"(the registry wants credentials, and none were found: no --username, and no login for {registry.Url.Authority} in any auth file; run docker login {registry.Url.Authority} or pass --username with --password-stdin)");
        error.Message.ShouldContain("GET shop/checkout tags answered 401 {\"errors\"");
    }

    [Fact]
    public async Task Artifacts_UnknownRepository_IsAnInputError()
    {
        var oci = new OciRegistry(_http, _registry.Url);

        (await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/none", CancellationToken.None))).Message.ShouldContain("no repository shop/none");
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
