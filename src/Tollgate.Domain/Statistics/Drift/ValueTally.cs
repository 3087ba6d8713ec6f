using System.Collections.Concurrent;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The exact distribution of a sample that arrives in pieces (a file read block by block), without holding the
/// sample: its finite values are gathered <see cref="Batch"/> at a time and counted by distinct value
/// (<see cref="TieCounter"/>, as <see cref="TieCount"/> counts a whole column). Values with few ties (a sample of the first <see cref="Batch"/> that hardly repeats, nearly every one distinct after the first <see cref="Probe"/>, or
/// more than <see cref="TieCount.MaxDistinct"/> distinct ones) are kept instead, the counted ones written out, and
/// handed over unsorted at the end. Either way the distribution's figures are those of the sorted values. Not safe for concurrent use.
/// Unbatched (one of a slice's many tallies), each piece is counted as it comes, with no batch to hold.
/// The first batch is sized to the values <paramref name="expected"/> (at least <see cref="MinBatch"/>, at most
/// <paramref name="longest"/>) and each full one is followed by one twice as long, up to <paramref name="longest"/>
/// (<see cref="Batch"/> unless a small heap asks for less): a small file's twenty columns hold kilobytes, not twenty
/// batches of 4 MB, and a large file's are counted as before. The batch length never changes the result.
/// </summary>
public sealed class ValueTally(long expected, bool batched = true, int longest = ValueTally.Batch)
{
    /// <summary>After this many values, a sample whose values are nearly all distinct is kept rather than counted.</summary>
    public const int Probe = 1 << 18;

    /// <summary>
    /// Values gathered before they are counted: a tally is fed a block of one column between the blocks of every
    /// other column, so its table is cold at each visit; counted half a million at a time, the table is warm for most
    /// of them, as when a whole column is counted at once.
    /// </summary>
    public const int Batch = 1 << 19;

    /// <summary>The shortest batch (32 KB), for a sample expected to be smaller.</summary>
    public const int MinBatch = 1 << 12;

    // Batches given back, for the next tallies (the next file's columns): a file's first blocks fill a batch per
    // numeric column, and arrays that fresh would each be faulted in and zeroed again (the shared array pool had often
    // let them go by then). At most this many are kept: 64 (256 MB), or fewer where the process may use less than 16 GB.
    private static readonly int KeptBatches = (int)Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16 / (8L * Batch), 0, 64);

    private static readonly ConcurrentBag<double[]> Batches = [];

    private TieCounter? counter = new(long.MaxValue);
    private double[]? batch;
    private readonly int longest = Math.Clamp(longest, MinBatch, Batch);
    private int batchLength = Math.Min(BatchFor(expected), Math.Clamp(longest, MinBatch, Batch));
    private int gathered;
    private long seen;
    private bool probed;
    private KeptValues? kept;
    private bool refused;

    /// <summary>
    /// Called around each writing of values into the memory that keeps them (the first batch, or the counts written
    /// out, when the tally turns to keeping): a caller that times the tally counts that as reading, not counting.
    /// </summary>
    public Func<IDisposable?>? KeepTimer { get; init; }

    /// <summary>Asked before each array for kept values is allocated; none: no limit.</summary>
    public IKeepAllowance? Allowance { get; init; }

    /// <summary>The length of the batch values are gathered in now, or next.</summary>
    internal int BatchLength => batch?.Length ?? batchLength;

    /// <summary>Whether values are now kept as they come (copied, not counted).</summary>
    public bool Keeping => counter is null && kept is not null;

    /// <summary>
    /// Whether <see cref="Allowance"/> refused memory for the values to keep: the tally has let go of everything it
    /// held and takes no more values; it has no result.
    /// </summary>
    public bool Refused => refused;

    /// <summary>Adds the finite values of <paramref name="values"/>; NaN and infinities are left out (missing).</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        if (refused)
        {
            return;
        }

        if (!batched && counter is not null && !values.IsEmpty)
        {
            // One of many small tallies (a slice's): counted as it comes, with no half-million-value batch to hold.
            counter.Add(values);
            seen += values.Length;
            Check();
            return;
        }

        while (counter is not null && !values.IsEmpty)
        {
            batch ??= NewBatch();
            var n = Math.Min(values.Length, batch.Length - gathered);
            values[..n].CopyTo(batch.AsSpan(gathered));
            gathered += n;
            values = values[n..];
            if (gathered == batch.Length)
            {
                Count();
            }
        }

        if (counter is null && !refused && !values.IsEmpty)
        {
            Keep(values);
        }
    }

    /// <summary>
    /// Lets go of everything the tally holds, its kept values' memory given back to <see cref="Allowance"/>; it is then
    /// <see cref="Refused"/> (another tally of the same column was refused memory, so the column is read again later).
    /// </summary>
    public void Abandon()
    {
        kept?.Release();
        refused = true;
        kept = null;
        gathered = 0;
        counter?.Release();
        counter = null;
        ReturnBatch();
    }

    /// <summary>The distribution of the finite values added (the tally is spent).</summary>
    public EmpiricalDistribution Result() =>
        TryResult() ?? throw new InvalidOperationException("a tally refused memory for its values has no result");

    /// <summary>
    /// The distribution of the finite values added (the tally is spent), or null when it is <see cref="Refused"/>,
    /// before or while counting the values it still gathered.
    /// </summary>
    public EmpiricalDistribution? TryResult()
    {
        Count();
        if (refused)
        {
            return null;
        }

        ReturnBatch();
        if (counter is { } counting)
        {
            var counted = counting.Result()!;
            counting.Release();
            counter = null;
            return counted;
        }

        return kept!.Distribution();
    }

    // Counts the gathered values.
    private void Count()
    {
        if (counter is null || gathered == 0)
        {
            return;
        }

        if (seen == 0 && gathered == Batch && !TieCount.WorthCounting(batch.AsSpan(0, gathered), Math.Max(expected, gathered)))
        {
            // Values spread over the first batch hardly repeat: they are kept from the start, never counted (a table
            // of half a million distinct values is built and emptied for nothing).
            probed = true;
            counter.Release();
            counter = null;
            if (!Allocate(gathered, Math.Max(expected, 2L * Batch)))
            {
                return;
            }

            using var timed = KeepTimer?.Invoke();
            Keep(batch.AsSpan(0, gathered));
            gathered = 0;
            ReturnBatch();
            return;
        }

        counter.Add(batch.AsSpan(0, gathered));
        seen += gathered;
        if (gathered == batch!.Length && batch.Length < longest)
        {
            // A short batch filled: the sample is larger than expected, so the next batch is twice as long.
            batchLength = Math.Min(longest, 2 * batch.Length);
            batch = null;
        }

        gathered = 0;
        Check();
    }

    // The first batch's length for a sample of about `expected` values: the next power of two, within the bounds.
    private static int BatchFor(long expected) =>
        expected >= Batch ? Batch : (int)Math.Max(MinBatch, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(expected, 1)));

    // A batch of the length due: a whole one from those given back, or fresh; a short one is fresh and never given back.
    private double[] NewBatch() =>
        batchLength < Batch ? GC.AllocateUninitializedArray<double>(batchLength)
        : Batches.TryTake(out var reused) ? reused : Inputs.HugePageHeap.NewArray<double>(Batch);

    // Past the probe or the distinct limit, switches to keeping values.
    private void Check()
    {
        if (counter!.Distinct > TieCount.MaxDistinct)
        {
            StartKeeping();
        }
        else if (!probed && seen >= Probe)
        {
            probed = true;
            if (counter.CountDistinct() > seen / 8 * 7)
            {
                StartKeeping();
            }
        }
    }

    private void ReturnBatch()
    {
        if (batch is not null)
        {
            if (batch.Length == Batch && Batches.Count < KeptBatches)
            {
                Batches.Add(batch);
            }

            batch = null;
        }
    }

    // Writes out the values counted so far, then keeps every value as it comes.
    private void StartKeeping()
    {
        var counted = counter!.Result()!;
        counter.Release();
        counter = null;
        ReturnBatch();
        if (!Allocate(counted.Total, Math.Max(expected, counted.Total * 2)))
        {
            return;
        }

        using var timed = KeepTimer?.Invoke();
        var values = counted.Values;
        var counts = counted.Counts;
        for (var i = 0; i < values.Length; i++)
        {
            if (!kept!.TryAdd(values[i], (int)counts[i]))
            {
                Abandon();
                return;
            }
        }
    }

    private void Keep(ReadOnlySpan<double> values)
    {
        if (!kept!.TryAdd(values))
        {
            Abandon();
        }
    }

    // The values kept from now on, with room for `values` in an array of about `length`, when the allowance lets it be
    // taken; else the tally lets go of everything and is refused.
    private bool Allocate(long values, long length)
    {
        kept = new KeptValues(Allowance);
        if (kept.TryReserve(values, length))
        {
            return true;
        }

        Abandon();
        return false;
    }
}
