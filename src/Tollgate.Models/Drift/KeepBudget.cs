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
