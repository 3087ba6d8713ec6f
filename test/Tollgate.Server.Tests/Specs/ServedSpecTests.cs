using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Server.Specs;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Specs;

/// <summary>A served spec fills a rollout's hashes once per pair, as the gate would fill them, and refuses a missing hash every time.</summary>
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
    public void Filled_HashMissing_RefusedEachTime()
    {
        var served = Checkout();

        Should.Throw<InvalidInputException>(() => served.Filled("6b8f4d7c1", null)).Message.ShouldContain("latestHash");
        Should.Throw<InvalidInputException>(() => served.Filled("6b8f4d7c1", null)).Message.ShouldContain("latestHash");
    }
}
