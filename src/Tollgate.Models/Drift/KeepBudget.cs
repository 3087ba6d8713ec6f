using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>
/// The memory one round of <see cref="StreamedDrift"/> lets its tallies take for kept values (a column with few ties
/// keeps every value: 8 bytes a row). The reference may take half of it, which leaves the other half for the current
/// file's same columns. A column refused memory is dropped and read again in a later round. The first column to ask
/// in a round (its anchor) is never refused, in either file, so every round compares at least one feature.
/// </summary>
internal sealed class KeepBudget(long limit)
{
    private readonly Lock gate = new();
    private long taken;
    private string? anchor;

    /// <summary>
    /// Half of what this process may use: the machine's memory, a container's limit or <c>DOTNET_GCHeapHardLimit</c>
    /// (the rest is for reading, counting and comparing).
    /// </summary>
    public static long Default => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    public long Limit => limit;

    /// <summary>
    /// The bytes of a CSV file parsed at a time (<see cref="Tables.CsvBlocks"/>): its 8 MB blocks, fewer where the budget
    /// is under 128 MB (a sixteenth of it, at least 1 MB), so that each parsing thread's buffer and column arrays fit a
    /// small heap (a 64 MB one: blocks of 2 MB). Blocks never change the report.
    /// </summary>
    public int BlockSize => (int)Math.Clamp(Floor(limit / 16), 1 << 20, Tables.CsvBlocks.BlockSize);

    /// <summary>
    /// The longest batch in which each of <paramref name="columns"/> numeric columns gathers values before counting
    /// them (<see cref="ValueTally"/>): half a million values (4 MB), less where all the columns' batches would take more
    /// than a quarter of the budget, so twenty columns fit a 64 MB heap. Batches never change the report.
    /// </summary>
    public int Batch(int columns) => (int)Math.Clamp(Floor(limit / 4 / sizeof(double) / Math.Max(1, columns)), ValueTally.MinBatch, ValueTally.Batch);

    // The largest power of two not above n (1 for n below 2).
    private static long Floor(long n) => 1L << System.Numerics.BitOperations.Log2((ulong)Math.Max(1, n));

    /// <summary>What a column's tallies in the reference (<paramref name="reference"/>) or the current file may take.</summary>
    public IKeepAllowance For(string column, bool reference) => new Allowance(this, column, reference ? limit / 2 : limit);

    private bool TryTake(string column, long bytes, long cap)
    {
        lock (gate)
        {
            anchor ??= column;
            if (column != anchor && taken + bytes > cap)
            {
                return false;
            }

            taken += bytes;
            return true;
        }
    }

    private void Give(long bytes)
    {
        lock (gate)
        {
            taken -= bytes;
        }
    }

    private sealed class Allowance(KeepBudget budget, string column, long cap) : IKeepAllowance
    {
        public bool TryTake(long bytes) => budget.TryTake(column, bytes, cap);

        public void Give(long bytes) => budget.Give(bytes);
    }
}
