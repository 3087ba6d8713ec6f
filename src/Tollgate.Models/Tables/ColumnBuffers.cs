namespace Tollgate.Models.Tables;

/// <summary>
/// Arrays for the numeric columns of one table read a column at a time, given back once a column is compared and
/// handed out again for the next. A fresh array is fresh memory: its first write page-faults every 4 KiB of it (an
/// 80 MB column, 20,000 faults), which cost more CPU than decoding the column. Reused, only the columns in flight
/// are ever fresh. Holds at most <see cref="Kept"/> arrays; lives as long as its table.
/// </summary>
internal sealed class ColumnBuffers
{
    private readonly List<double[]> free = [];

    public static int Kept => 2 * Environment.ProcessorCount;

    /// <summary>An array of exactly <paramref name="length"/> doubles, not cleared: the reader overwrites every one.</summary>
    public double[] Rent(int length)
    {
        lock (free)
        {
            var at = free.FindIndex(a => a.Length == length);
            if (at >= 0)
            {
                var array = free[at];
                free.RemoveAt(at);
                return array;
            }
        }

        return GC.AllocateUninitializedArray<double>(length);
    }

    /// <summary>Takes back an array rented here; its caller no longer reads it.</summary>
    public void Return(double[] array)
    {
        lock (free)
        {
            if (free.Count < Kept && !free.Contains(array))
            {
                free.Add(array);
            }
        }
    }
}
