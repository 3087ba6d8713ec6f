using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Server.Specs;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Specs;

/// <summary>
/// A served spec fills a rollout's hashes once per pair, as the gate would fill them, and refuses a missing hash every
/// time; what the pair's looks found present is kept for the server's <c>--existence-ttl</c> on its clock.
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

    [Fact]
    public void Filled_HashMissing_RefusedEachTime()
    {
        var served = Checkout();

        Should.Throw<InvalidInputException>(() => served.Filled("6b8f4d7c1", null)).Message.ShouldContain("latestHash");
        Should.Throw<InvalidInputException>(() => served.Filled("6b8f4d7c1", null)).Message.ShouldContain("latestHash");
    }
}
