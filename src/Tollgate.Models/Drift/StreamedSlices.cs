using System.Buffers;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// The slices of a CSV file read block by block (<see cref="StreamedDrift"/>): each row's slice from the values of one
/// or two slice columns (read as text exactly as written: ids from <see cref="CsvTexts"/>), numbered in order of first sight after
/// <c>(all)</c>, with the name <see cref="SliceKey"/> gives, so rows whose values print the same share a slice as in
/// <see cref="SliceRows"/>. Safe for the parsing threads to use at once.
/// </summary>
internal sealed class StreamedSlices : IDisposable
{
    private readonly IReadOnlyList<string> names;
    private readonly int[] columns;
    private readonly CsvTexts texts;
    private readonly SliceNumbers<(long, long)> numbers = new();
    private readonly List<long> rows = [0];
    private readonly ThreadLocal<Dictionary<(long, long), int>> seen = new(() => []);

    public StreamedSlices(IReadOnlyList<string> names, IReadOnlyList<string> sliceBy, CsvTexts texts)
    {
        this.names = names;
        this.texts = texts;
        columns = [.. sliceBy.Select(s => names.ToList().IndexOf(s))];
    }

    /// <summary>Slice names, <c>(all)</c> first.</summary>
    public IReadOnlyList<string> Keys => numbers.Names;

    /// <summary>Rows per slice (<c>(all)</c>'s is left to the caller).</summary>
    public IReadOnlyList<long> Rows => rows;

    /// <summary>
    /// The block's rows ordered by slice (rented from the array pool: give it back with <see cref="Grouping.Dispose"/>)
    /// and where each slice's run starts.
    /// </summary>
    public Grouping Group(double[][] block, int count)
    {
        var slice = ArrayPool<int>.Shared.Rent(count);
        var local = seen.Value!;
        var first = block[columns[0]];
        var second = columns.Length > 1 ? block[columns[1]] : null;
        for (var r = 0; r < count; r++)
        {
            var values = (Bits(first[r]), second is null ? 0 : Bits(second[r]));
            if (!local.TryGetValue(values, out var s))
            {
                local[values] = s = Of(values, first[r], second is null ? 0 : second[r]);
            }

            slice[r] = s;
        }

        int[] starts;
        lock (numbers)
        {
            starts = new int[numbers.Names.Count + 1];
            for (var r = 0; r < count; r++)
            {
                starts[slice[r] + 1]++;
            }

            for (var s = 1; s < numbers.Names.Count; s++)
            {
                rows[s] += starts[s + 1];
            }
        }

        for (var s = 1; s < starts.Length; s++)
        {
            starts[s] += starts[s - 1];
        }

        var order = ArrayPool<int>.Shared.Rent(count);
        var next = (int[])starts.Clone();
        for (var r = 0; r < count; r++)
        {
            order[next[slice[r]]++] = r;
        }

        ArrayPool<int>.Shared.Return(slice);
        return new Grouping(order, starts);
    }

    public void Dispose() => seen.Dispose();

    // A slice column's value as a key: its text's id (held as a number), or -1 for a missing one (NaN).
    private static long Bits(double value) => double.IsNaN(value) ? -1 : BitConverter.DoubleToInt64Bits(value);

    private int Of((long, long) values, double first, double second)
    {
        lock (numbers)
        {
            var slice = numbers.Of(values, (this, first, second), static s => s.Item1.Name(s.first, s.second));
            while (rows.Count < numbers.Names.Count)
            {
                rows.Add(0);
            }

            return slice;
        }
    }

    private string Name(double first, double second) => SliceKey.Of(columns.Select((c, i) => (names[c], Text(c, i == 0 ? first : second))));

    // Slice columns are always read as text (StreamedDrift names them to CsvTexts), so a value is a text's id.
    private string? Text(int column, double value) => double.IsNaN(value) ? null : texts.Text(column, (int)value);

    /// <summary>A block's rows by slice: slice s's rows are <c>Order[Starts[s]..Starts[s + 1]]</c>.</summary>
    internal readonly struct Grouping(int[] order, int[] starts) : IDisposable
    {
        public int[] Order { get; } = order;

        public int[] Starts { get; } = starts;

        public int Slices => Starts.Length - 1;

        public ReadOnlySpan<int> RowsOf(int slice) => Order.AsSpan(Starts[slice], Starts[slice + 1] - Starts[slice]);

        public void Dispose() => ArrayPool<int>.Shared.Return(Order);
    }
}
