using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Server.Specs;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Specs;

/// <summary>
/// A served spec fills a rollout's hashes once per pair, as the gate would fill them, and refuses a missing hash every
/// time; what the pair's looks found present is kept for the server's <c>--existence-ttl</c> on its clock. Past
/// <see cref="ServedSpec.MaxFilled"/> pairs, the one looked at least recently is dropped, never the lot.
/// </summary>
public sealed class ServedSpecTests
{
    private static ServedSpec Checkout() => SpecCatalog.Load(ReplayedCheckout.Specs, TimeProvider.System).Find("checkout")!;

    [Fact]
    public void Filled_SamePairTwice_OneSpecAsTheGateFillsIt()
    {
        var served = Checkout();

        var first = served.Filled("6b8f4d7c1", "7c9d5f8b6");
        var again = served.Filled("6b8f4d7c1", "7c9d5f8b6");
        var other = served.Filled("6b8f4d7c1", "5d4c3b2a1");

        again.ShouldBeSameAs(first);
        var direct = GroupSelectors.Fill(served.Spec, "6b8f4d7c1", "7c9d5f8b6");
        (first.Text, first.BaselineSelector, first.CanarySelector).ShouldBe((direct.Text, direct.BaselineSelector, direct.CanarySelector));
        first.CanarySelector.ShouldContain("7c9d5f8b6");
        GroupSelectors.Fill(first, "6b8f4d7c1", "7c9d5f8b6").ShouldBeSameAs(first, "filled once: the gate's own fill leaves it as it is");
        other.CanarySelector.ShouldContain("5d4c3b2a1");
        other.Text.ShouldNotBe(first.Text);
    }

    [Fact]
    public async Task Presence_ServersExistenceTtl_AYesAgesOnTheServersClockPerPair()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var server = await RunningServer.StartAsync("http://127.0.0.1:9", ledger: Ledgers.TempSqlite(), clock: clock,
            configure: o => o with { ExistenceTtl = TimeSpan.FromMinutes(3) });
        var served = server.Server.State.Specs.Find("checkout")!;
        var presence = served.Presence(RunningServer.StableHash, "7c9d5f8b6");

        presence.Found("http_requests_total");
        clock.Advance(TimeSpan.FromMinutes(2));
        var young = served.Presence(RunningServer.StableHash, "7c9d5f8b6").Known("http_requests_total");
        var otherPair = served.Presence(RunningServer.StableHash, "5d4c3b2a1").Known("http_requests_total");
        clock.Advance(TimeSpan.FromMinutes(1));
        var old = served.Presence(RunningServer.StableHash, "7c9d5f8b6").Known("http_requests_total");

        served.Presence(RunningServer.StableHash, "7c9d5f8b6").ShouldBeSameAs(presence, "one analysis per pair");
        presence.Keep.ShouldBe(TimeSpan.FromMinutes(3));
        (young, otherPair, old).ShouldBe((true, false, false));
    }

    [Fact]
    public void Presence_Default_KeptTenMinutes() =>
        Checkout().Presence("6b8f4d7c1", "7c9d5f8b6").Keep.ShouldBe(TimeSpan.FromMinutes(10));

    private static string Hash(int rollout) => $"{rollout:x9}";

    [Fact]
    public void Presence_MorePairsThanKept_TheLeastRecentlyLookedAtDroppedOnlyAndTheCountBounded()
    {
        var served = Checkout();
        var first = Enumerable.Range(0, ServedSpec.MaxFilled).Select(i => served.Presence("6b8f4d7c1", Hash(i))).ToList();
        served.Presence("6b8f4d7c1", Hash(0)).ShouldBeSameAs(first[0]); // rollout 0 looks again: now the most recent

        var newcomer = served.Presence("6b8f4d7c1", Hash(ServedSpec.MaxFilled));
        var keptAfterOne = served.Kept;
        var survivors = Enumerable.Range(2, ServedSpec.MaxFilled - 2).Count(i => ReferenceEquals(served.Presence("6b8f4d7c1", Hash(i)), first[i]));
        var zeroKept = served.Presence("6b8f4d7c1", Hash(0));
        var newcomerKept = served.Presence("6b8f4d7c1", Hash(ServedSpec.MaxFilled));
        var oneAgain = served.Presence("6b8f4d7c1", Hash(1));

        keptAfterOne.ShouldBe(ServedSpec.MaxFilled);
        survivors.ShouldBe(ServedSpec.MaxFilled - 2, "one pair past the limit drops one pair, never the lot");
        zeroKept.ShouldBeSameAs(first[0], "looked at just before the newcomer: not the least recent");
        newcomerKept.ShouldBeSameAs(newcomer);
        oneAgain.ShouldNotBeSameAs(first[1], "the least recently looked at was dropped, so it is made afresh");
        served.Kept.ShouldBe(ServedSpec.MaxFilled);
    }

    [Fact]
    public void Filled_ManyRolloutsLookingAtOnce_OneAnalysisPerPairAndNeverMoreThanKept()
    {
        var served = Checkout();
        var recent = Enumerable.Range(0, 64).Select(i => served.Filled("6b8f4d7c1", Hash(i))).ToList();
        var most = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, look =>
        {
            // Rollouts 0-63 make three looks in four, in turn; 4,000 others look once or twice and finish.
            var rollout = look % 4 != 0 ? (look - look / 4) % 64 : 64 + look / 4 % 4_000;
            served.Filled("6b8f4d7c1", Hash(rollout)).CanarySelector.ShouldContain(Hash(rollout));
            var kept = served.Kept;
            int seen;
            while (kept > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, kept, seen) != seen)
            {
            }
        });

        most.ShouldBeLessThanOrEqualTo(ServedSpec.MaxFilled);
        served.Kept.ShouldBe(ServedSpec.MaxFilled);
        Enumerable.Range(0, 64).Count(i => ReferenceEquals(served.Filled("6b8f4d7c1", Hash(i)), recent[i])).ShouldBe(64, "the busy rollouts keep their analyses");
    }

    [Fact]
    public void Filled_HashMissing_RefusedEachTime()
    {
        var served = Checkout();

        Should.Throw<InvalidInputException>(() => served.Filled("6b8f4d7c1", null)).Message.ShouldContain("latestHash");
        Should.Throw<InvalidInputException>(() => served.Filled("6b8f4d7c1", null)).Message.ShouldContain("latestHash");
    }
}
