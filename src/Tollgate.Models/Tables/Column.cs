namespace Tollgate.Models.Tables;

/// <summary>
/// One column of a feature table: numbers (NaN where missing) when every present value is a number, else text
/// (null where missing). Numbers parsed from CSV stay in the chunks they were gathered in until someone needs them as
/// one array, so a reader that can take the chunks (<see cref="NumberChunks"/>) never holds the column twice.
/// </summary>
public sealed class Column
{
    private double[]? numbers;
    private List<double[]>? chunks;
    private readonly int length;
    private readonly Lock gate = new();

    private Column(string name, double[]? numbers, List<double[]>? chunks, string?[]? texts, int length)
    {
        Name = name;
        this.numbers = numbers;
        this.chunks = chunks;
        Texts = texts;
        this.length = length;
    }

    public string Name { get; }

    /// <summary>The numbers as one array (built from the chunks, and the chunks let go, on first use); null for text.</summary>
    public double[]? Numbers => numbers ?? (chunks is null ? null : Join());

    public string?[]? Texts { get; }

    public bool IsNumeric => numbers is not null || chunks is not null;

    public int Length => length;

    /// <summary>The numbers in order, as the pieces they are held in (no copy); empty for text.</summary>
    public IReadOnlyList<double[]> NumberChunks => numbers is not null ? [numbers] : chunks ?? [];

    public static Column Numeric(string name, double[] values) => new(name, values, null, null, values.Length);

    /// <summary>Numbers held in <paramref name="chunks"/>, each full but the last (handed over, not copied).</summary>
    public static Column Numeric(string name, List<double[]> chunks, int length) => new(name, null, chunks, null, length);

    public static Column Text(string name, string?[] values) => new(name, null, null, values, values.Length);

    /// <summary>The value as text, for slice keys (numbers in round-trip invariant form).</summary>
    public string? TextAt(int row) => IsNumeric ? NumberText(Numbers![row]) : Texts![row];

    /// <summary>A number as a slice key shows it: round-trip invariant form, null when missing (NaN).</summary>
    public static string? NumberText(double value) =>
        double.IsNaN(value) ? null : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private double[] Join()
    {
        lock (gate)
        {
            if (numbers is null)
            {
                var joined = new double[length];
                var at = 0;
                for (var k = 0; k < chunks!.Count; k++)
                {
                    var n = Math.Min(chunks[k].Length, length - at);
                    chunks[k].AsSpan(0, n).CopyTo(joined.AsSpan(at));
                    chunks[k] = [];
                    at += n;
                }

                numbers = joined;
                chunks = null;
            }

            return numbers;
        }
    }
}
