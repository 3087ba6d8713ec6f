using System.Text;

namespace Tollgate.Models.Tables;

/// <summary>
/// Gathers one CSV column's cells as they are read: numbers into chunks of doubles (NaN where missing), or texts
/// with repeated values sharing one string. A numeric column that meets a non-number stops gathering and says so.
/// </summary>
internal sealed class ColumnBuilder(bool text)
{
    private const int ChunkSize = 1 << 16;
    private readonly List<double[]> numbers = [];
    private readonly List<string?[]> texts = [];
    private readonly Dictionary<string, string> interned = new(StringComparer.Ordinal);
    private char[] chars = new char[256];
    private int used = ChunkSize;
    private long count;
    private bool failed;
    private bool built;
    private double[] chunk = [];

    /// <summary>Adds a cell; false when a numeric column meets text (the column must be read again as text).</summary>
    public bool Add(ReadOnlySpan<byte> cell)
    {
        if (failed)
        {
            return false;
        }

        if (text)
        {
            AddText(IsMissing(cell) ? null : Intern(cell));
            return true;
        }

        if (!TryNumber(cell, out var value))
        {
            failed = true;
            return false;
        }

        Append(value);
        return true;
    }

    /// <summary>A numeric column's cell: NaN when missing (<see cref="IsMissingNumber"/>), else its number; false when it is text.</summary>
    public static bool TryNumber(ReadOnlySpan<byte> cell, out double value)
    {
        value = double.NaN;
        return IsMissingNumber(cell) || DecimalText.TryParse(cell, out value);
    }

    /// <summary>Whether the column is (still) gathering numbers.</summary>
    public bool Numeric => !text && !failed;

    /// <summary>Adds a number already parsed from a cell of a numeric column.</summary>
    public void Append(double value)
    {
        if (used == ChunkSize)
        {
            chunk = new double[ChunkSize];
            numbers.Add(chunk);
            used = 0;
        }

        chunk[used++] = value;
        count++;
    }

    /// <summary>The column gathered; once only, since its chunks are handed over.</summary>
    public Column Build(string name)
    {
        if (built)
        {
            throw new InvalidOperationException($"column {name} was already built");
        }

        built = true;
        if (text)
        {
            var values = new string?[count];
            for (var k = 0; k < texts.Count; k++)
            {
                var n = (int)Math.Min(ChunkSize, count - ((long)k * ChunkSize));
                texts[k].AsSpan(0, n).CopyTo(values.AsSpan(k * ChunkSize));
                texts[k] = [];
            }

            return Column.Text(name, values);
        }

        // The chunks are handed over as they are: the column joins them only if someone asks for one array.
        if (numbers.Count > 0 && used < ChunkSize)
        {
            numbers[^1] = numbers[^1][..used];
        }

        var column = Column.Numeric(name, [.. numbers], (int)count);
        numbers.Clear();
        return column;
    }

    /// <summary>A missing cell in any column: empty, <c>NA</c>, <c>NaN</c>, <c>nan</c>, <c>null</c>, <c>NULL</c>.</summary>
    internal static bool IsMissing(ReadOnlySpan<byte> cell) =>
        cell.IsEmpty || cell.SequenceEqual("NA"u8) || cell.SequenceEqual("NaN"u8) || cell.SequenceEqual("nan"u8) || cell.SequenceEqual("null"u8) || cell.SequenceEqual("NULL"u8);

    /// <summary>
    /// A missing cell of a numeric column: <see cref="IsMissing"/>, and <c>N/A</c>, <c>n/a</c> and <c>-</c>, which
    /// among numbers can only mean "no value" (a few of them once made a whole numeric column text). In a text column
    /// they stay values, since there <c>-</c> or <c>n/a</c> may be a category.
    /// </summary>
    internal static bool IsMissingNumber(ReadOnlySpan<byte> cell) =>
        IsMissing(cell) || cell.SequenceEqual("N/A"u8) || cell.SequenceEqual("n/a"u8) || cell.SequenceEqual("-"u8);

    /// <summary>
    /// The one list of spellings a column of numbers reads as missing besides an empty cell, as messages name them:
    /// <see cref="IsMissing"/>'s and then <see cref="IsMissingNumber(ReadOnlySpan{byte})"/>'s (a test holds the checks to it).
    /// </summary>
    internal static readonly IReadOnlyList<string> MissingNumberMarkers = ["NA", "NaN", "nan", "null", "NULL", "N/A", "n/a", "-"];

    /// <summary>
    /// <see cref="IsMissingNumber(ReadOnlySpan{byte})"/> of a text (a category of a text column, a trend series' value):
    /// the same list, checked on the text's UTF-8 bytes, so a marker added there is missing here too.
    /// </summary>
    internal static bool IsMissingNumber(string value)
    {
        // Every marker is ASCII and at most 4 characters: a longer text is a value.
        if (value.Length > 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        return IsMissingNumber(bytes[..Encoding.UTF8.GetBytes(value, bytes)]);
    }

    private void AddText(string? value)
    {
        if (used == ChunkSize)
        {
            texts.Add(new string?[ChunkSize]);
            used = 0;
        }

        texts[^1][used++] = value;
        count++;
    }

    /// <summary>A cell's UTF-8 bytes as characters in <paramref name="buffer"/>, grown when too short (the caller keeps it for the next cell).</summary>
    internal static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> cell, ref char[] buffer)
    {
        if (buffer.Length < cell.Length)
        {
            buffer = new char[cell.Length * 2];
        }

        return buffer.AsSpan(0, Encoding.UTF8.GetChars(cell, buffer));
    }

    private string Intern(ReadOnlySpan<byte> cell)
    {
        var key = Decode(cell, ref chars);
        var lookup = interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(key, out var value))
        {
            value = new string(key);
            if (interned.Count < 1_000_000)
            {
                interned[value] = value;
            }
        }

        return value;
    }
}
