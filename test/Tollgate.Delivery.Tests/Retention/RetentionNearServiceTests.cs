using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Retention;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>A service of no deploy (the repository's last segment mistyped): the floor finding names the deployed service it is near.</summary>
public sealed class RetentionNearServiceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-retention-near-").FullName;

    [Theory]
    [InlineData("chekout", "the ledger has no deploys of chekout, so the N+2 floor is unknown: nothing is deleted; did you mean --service checkout?")]
    [InlineData("payments", "the ledger has no deploys of payments, so the N+2 floor is unknown: nothing is deleted")]
    public async Task PlanAsync_ServiceOfNoDeploy_FindingSaysDidYouMeanWhenANameIsNear(string service, string message)
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(T0));
        var store = DeliveryStore.Of(ledger);
        await store.RecordAsync([new DeployEvent("d1", "test", new Deploy("d1", "checkout", "production", "v1", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success })]);

        var plan = await new RetentionGate(new OneTag(), store).PlanAsync("shop/" + service, service, keep: 1, CancellationToken.None);

        plan.Findings.ShouldHaveSingleItem().Message.ShouldBe(message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class OneTag : IArtifactRegistry
    {
        public Task<IReadOnlyList<TaggedArtifact>> ArtifactsAsync(string repository, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TaggedArtifact>>([new TaggedArtifact("v1", "sha256:" + new string('a', 64), T0)]);

        public Task DeleteAsync(string repository, string digest, CancellationToken cancellationToken) => throw new InvalidOperationException("a plan deletes nothing");
    }
}
