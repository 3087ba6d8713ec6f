using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class KeptValuesTests
{
    [Fact]
    public void TryReserve_NothingToAddYet_TakesTheAskedSize()
    {
        var kept = new KeptValues(null);

        kept.TryReserve(0, 5_000).ShouldBeTrue();

        kept.Bytes.ShouldBe(8L * 5_000);
        kept.Count.ShouldBe(0);
    }

    [Fact]
    public void TryReserve_AskedSizeAlreadyHeld_KeepsTheArray()
    {
        var kept = new KeptValues(null);
        kept.TryReserve(0, 5_000).ShouldBeTrue();
        kept.TryAdd([1.0, 2.0]).ShouldBeTrue();

        kept.TryReserve(10, 4_000).ShouldBeTrue();

        kept.Bytes.ShouldBe(8L * 5_000);
        kept.AsSpan().ToArray().ShouldBe([1.0, 2.0]);
    }
}
