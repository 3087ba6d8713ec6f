using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

public sealed class HugePageHeapTests
{
    // A GC reservation of 50 GB, split by the GC's commits into writable and inaccessible runs, between other mappings.
    private static readonly string[] Maps =
    [
        "55d0c0a00000-55d0c0c00000 r-xp 00000000 08:01 1234      /usr/bin/tollgate",
        "7f0000000000-7f0001000000 ---p 00000000 00:00 0 ",
        "7f0001000000-7f0001010000 rw-p 00000000 00:00 0 ",
        "7f0001010000-7f0c00000000 ---p 00000000 00:00 0 ",
        "7f0c00000000-7f0c00021000 rw-p 00000000 00:00 0          [anon:stack]",
        "7f0c00021000-7f0c04000000 ---p 00000000 00:00 0 ",
    ];

    [Fact]
    public void ReservationAbove_AddressInTheGcReservation_IsTheEndOfItsRun()
    {
        HugePageHeap.ReservationAbove(0x7f0001000100, Maps).ShouldBe(0x7f0c00000000);
    }

    [Fact]
    public void ReservationAbove_ShortRun_IsNone()
    {
        HugePageHeap.ReservationAbove(0x7f0c00021000, Maps).ShouldBeNull();
    }

    [Fact]
    public void ReservationAbove_FileMappingOrNamedMapping_IsNone()
    {
        HugePageHeap.ReservationAbove(0x55d0c0a00100, Maps).ShouldBeNull();
        HugePageHeap.ReservationAbove(0x7f0c00000100, Maps).ShouldBeNull();
    }

    [Fact]
    public void ReservationAbove_RunCloserThanTheMinimumToItsEnd_IsNone()
    {
        HugePageHeap.ReservationAbove(0x7f0c00000000 - HugePageHeap.MinimumReservation + 1, Maps).ShouldBeNull();
    }

    [Fact]
    public void Prepare_ThenAllocateAndCompact_HeapKeepsItsObjects()
    {
        HugePageHeap.Prepare();
        var kept = new List<int[]>();
        for (var i = 0; i < 2_000; i++)
        {
            var garbage = new int[1_000];
            garbage[^1] = i;
            kept.Add(i % 10 == 0 ? [i, i * 2] : garbage[^1..]);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        kept.Select(k => k[0]).ShouldBe(Enumerable.Range(0, 2_000));
        kept.Where((k, i) => i % 10 == 0).ShouldAllBe(k => k[1] == k[0] * 2);
    }
}
