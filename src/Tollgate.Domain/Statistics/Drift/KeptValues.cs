namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Finite values kept as they come, in one array grown by doubling (at least 1,024 values), whose memory is taken
/// from an <see cref="IKeepAllowance"/> before each larger array is allocated (the smaller one given back once copied):
/// what a <see cref="ValueTally"/> keeps of a sample with few ties, and a streamed column of each slice's values. A
/// refused add leaves the values as they were; what to let go then is the caller's. Not safe for concurrent use.
/// </summary>
public sealed class KeptValues(IKeepAllowance? allowance)
{
    private double[] values = [];

    /// <summary>The values kept.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes taken from the allowance: 8 for each value the array holds room for.</summary>
    public long Bytes => 8L * values.Length;

    /// <summary>
    /// Room for <paramref name="more"/> values, in an array of at least <paramref name="atLeast"/> (taken now even when
    /// nothing is added yet, so later adds need not grow it); false when the allowance refused its memory.
    /// </summary>
    public bool TryReserve(long more, long atLeast = 0)
    {
        if (Count + more <= values.Length && atLeast <= values.Length)
        {
            return true;
        }

        var length = (int)Math.Clamp(Math.Max(Math.Max(Count + more, atLeast), 2L * values.Length), 1024, Array.MaxLength);
        if (allowance is not null && !allowance.TryTake(8L * length))
        {
            return false;
        }

        var larger = Inputs.HugePageHeap.NewArray<double>(length);
        values.AsSpan(0, Count).CopyTo(larger);
        allowance?.Give(Bytes);
        values = larger;
        return true;
    }

    /// <summary>Adds the finite ones of <paramref name="source"/>; false when the allowance refused room for them.</summary>
    public bool TryAdd(ReadOnlySpan<double> source)
    {
        if (!TryReserve(source.Length))
        {
            return false;
        }

        var n = Count;
        foreach (var v in source)
        {
            values[n] = v;
            n += double.IsFinite(v) ? 1 : 0;
        }

        Count = n;
        return true;
    }

    /// <summary>Adds the finite ones of <paramref name="cells"/> at <paramref name="rows"/>; false when refused room.</summary>
    public bool TryAdd(ReadOnlySpan<double> cells, ReadOnlySpan<int> rows)
    {
        if (!TryReserve(rows.Length))
        {
            return false;
        }

        var n = Count;
        foreach (var r in rows)
        {
            var v = cells[r];
            values[n] = v;
            n += double.IsFinite(v) ? 1 : 0;
        }

        Count = n;
        return true;
    }

    /// <summary>Adds <paramref name="count"/> copies of the finite <paramref name="value"/>; false when refused room.</summary>
    public bool TryAdd(double value, int count)
    {
        if (!TryReserve(count))
        {
            return false;
        }

        values.AsSpan(Count, count).Fill(value);
        Count += count;
        return true;
    }

    /// <summary>The values kept, in the order they came.</summary>
    public ReadOnlySpan<double> AsSpan() => values.AsSpan(0, Count);

    /// <summary>
    /// The values as a sample, unsorted: the array is handed over, so its memory stays taken (the allowance's owner lets
    /// it go with the samples).
    /// </summary>
    public EmpiricalDistribution Distribution() => EmpiricalDistribution.Unsorted(values, Count);

    /// <summary>Lets go of the values, their memory given back to the allowance.</summary>
    public void Release()
    {
        allowance?.Give(Bytes);
        values = [];
        Count = 0;
    }
}
