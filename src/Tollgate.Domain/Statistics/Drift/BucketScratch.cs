using System.Collections.Concurrent;
using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The arrays one <see cref="BucketedComparison"/> works in (bucket cells, plan, where each bucket's values go, the
/// values set aside), kept between comparisons: features compared one after another on a core reuse the memory the
/// first one faulted in, where renting from the shared array pool often handed out fresh arrays (a pool thread's
/// arrays stay with that thread, and the pool trims after collections), and each first touch of fresh memory costs a
/// page fault, dear on a virtual machine. Large arrays are advised for huge pages. At most one scratch per core is
/// kept, each as large as the largest comparison it served; not safe for concurrent use (one comparison holds it).
/// </summary>
internal sealed class BucketScratch
{
    private static readonly ConcurrentBag<BucketScratch> Idle = [];

    private ulong[] referenceCells = [];
    private ulong[] currentCells = [];
    private byte[] plan = [];
    private int[] startsR = [];
    private int[] startsC = [];
    private double[] asideR = [];
    private double[] asideC = [];
    private double[] appended = [];
    private double[] walkR = [];
    private double[] walkC = [];

    /// <summary>A scratch no other comparison holds.</summary>
    public static BucketScratch Take() => Idle.TryTake(out var scratch) ? scratch : new BucketScratch();

    /// <summary>Gives the scratch back for the next comparison (kept while there are fewer than one per core).</summary>
    public static void Return(BucketScratch scratch)
    {
        if (Idle.Count < Environment.ProcessorCount)
        {
            Idle.Add(scratch);
        }
    }

    /// <summary>Counts and offset sums of the reference's buckets, two words a bucket (not cleared).</summary>
    public ulong[] ReferenceCells(int length) => Grow(ref referenceCells, length);

    /// <summary>Counts and offset sums of the current sample's buckets.</summary>
    public ulong[] CurrentCells(int length) => Grow(ref currentCells, length);

    /// <summary>What the walk does with each bucket.</summary>
    public byte[] Plan(int length) => Grow(ref plan, length);

    /// <summary>Where each bucket's reference values set aside go next.</summary>
    public int[] StartsR(int length) => Grow(ref startsR, length);

    /// <summary>Where each bucket's current values set aside go next.</summary>
    public int[] StartsC(int length) => Grow(ref startsC, length);

    /// <summary>The reference's values set aside, grouped by bucket.</summary>
    public double[] AsideR(int length) => Grow(ref asideR, length);

    /// <summary>The current sample's values set aside, grouped by bucket.</summary>
    public double[] AsideC(int length) => Grow(ref asideC, length);

    /// <summary>Values set aside in the order they come, before they are grouped (one sample at a time).</summary>
    public double[] Appended(int length) => Grow(ref appended, length);

    /// <summary>The walk's room for splitting one bucket's reference values.</summary>
    public double[] WalkR(int length) => Grow(ref walkR, length);

    /// <summary>The walk's room for splitting one bucket's current values.</summary>
    public double[] WalkC(int length) => Grow(ref walkC, length);

    // At least `length` long: a larger array replaces a short one (by half as much again, so that a run of slightly
    // larger comparisons does not replace it each time).
    private static T[] Grow<T>(ref T[] array, int length)
        where T : unmanaged
    {
        if (array.Length < length)
        {
            array = HugePageHeap.NewArray<T>((int)Math.Min(Array.MaxLength, Math.Max(length, 1024 + (length * 3L / 2))));
        }

        return array;
    }
}
