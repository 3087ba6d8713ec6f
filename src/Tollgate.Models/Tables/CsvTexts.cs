using System.Text;

namespace Tollgate.Models.Tables;

/// <summary>
/// The text columns of one <see cref="CsvBlocks.TryScan"/> of a file: which columns hold text, and each distinct
/// text's number (its id, in order of first sight on any thread). A text column's cells reach the visitor as their ids
/// in the column's array of doubles (NaN where missing, with the spellings <see cref="ColumnBuilder"/> takes as
/// missing), so a table of categories and numbers is read as fast as one of numbers. A scan that meets text in a
/// column it took for numbers stops and names the columns (<see cref="Found"/>): the caller scans again with them as
/// text, as the general reader reads a file again.
/// </summary>
internal sealed class CsvTexts : IDisposable
{
    private readonly IReadOnlySet<string> textNames;
    private Dictionary<string, int>[] ids = [];
    private List<string>[] values = [];
    private ThreadLocal<Cache>? caches;
    private bool[] found = [];

    /// <summary>Texts of the columns named <paramref name="textNames"/> (the others are numbers until shown otherwise).</summary>
    public CsvTexts(IEnumerable<string> textNames)
    {
        this.textNames = textNames.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether each column holds text, in the header's order.</summary>
    public bool[] IsText { get; private set; } = [];

    public bool Any { get; private set; }

    /// <summary>The names of columns taken for numbers that were met holding text (the scan failed for them).</summary>
    public IEnumerable<string> Found => Names.Where((_, c) => Volatile.Read(ref found[c]));

    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>Ties the texts to the file's header, before its rows are read.</summary>
    public void Bind(IReadOnlyList<string> names)
    {
        Names = names;
        IsText = [.. names.Select(textNames.Contains)];
        Any = IsText.Contains(true);
        ids = [.. names.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        values = [.. names.Select(_ => new List<string>())];
        caches?.Dispose();
        caches = new ThreadLocal<Cache>(() => new Cache(names.Count));
        found = new bool[names.Count];
    }

    /// <summary>The text of an id of column <paramref name="column"/>.</summary>
    public string Text(int column, int id) => values[column][id];

    /// <summary>The cell's id in its column as a double; NaN when the cell is missing.</summary>
    public double Id(int column, ReadOnlySpan<byte> cell)
    {
        if (ColumnBuilder.IsMissing(cell))
        {
            return double.NaN;
        }

        var cache = caches!.Value!;
        var chars = ColumnBuilder.Decode(cell, ref cache.Chars);
        var local = cache.Ids[column].GetAlternateLookup<ReadOnlySpan<char>>();
        if (local.TryGetValue(chars, out var id))
        {
            return id;
        }

        var text = new string(chars);
        lock (ids[column])
        {
            if (!ids[column].TryGetValue(text, out id))
            {
                id = values[column].Count;
                ids[column][text] = id;
                values[column].Add(text);
            }
        }

        if (cache.Ids[column].Count < 1_000_000)
        {
            cache.Ids[column][text] = id;
        }

        return id;
    }

    /// <summary>Notes that numeric column <paramref name="column"/> holds text.</summary>
    public void Find(int column) => Volatile.Write(ref found[column], true);

    public void Dispose() => caches?.Dispose();

    // A thread's own view of the ids (no lock for a text seen before) and its decoding buffer.
    private sealed class Cache(int columns)
    {
        public Dictionary<string, int>[] Ids { get; } = [.. Enumerable.Range(0, columns).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];

#pragma warning disable SA1401, CA1051 // a field, so that ColumnBuilder.Decode can grow it in place
        public char[] Chars = new char[256];
#pragma warning restore SA1401, CA1051
    }
}
