using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// A feature table read a column at a time, so a comparison holds only the columns it is working on: Parquet reads
/// one column across its row groups on its own reader (several at once from several threads); CSV, stored by rows,
/// is parsed once and hands each column out once (it is not kept). A column handed out belongs to the caller, who may
/// reorder it, and may give it back (<see cref="Release"/>) when done.
/// </summary>
public sealed class FeatureTable
{
    private readonly Func<string, CancellationToken, Task<Column>> read;
    private readonly ColumnBuffers? buffers;

    private FeatureTable(string source, IReadOnlyList<string> names, long rows, Func<string, CancellationToken, Task<Column>> read, ColumnBuffers? buffers = null)
    {
        Source = source;
        Names = names;
        Rows = rows;
        this.read = read;
        this.buffers = buffers;
    }

    public string Source { get; }

    public IReadOnlyList<string> Names { get; }

    public long Rows { get; }

    public static Task<FeatureTable> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, [], cancellationToken);

    /// <summary>
    /// The table, with the CSV columns named in <paramref name="asText"/> read as text exactly as written (slice keys:
    /// <c>1.10</c> and <c>1.1</c>, <c>007</c> and <c>7</c> are two values). A Parquet column keeps the type it was written with.
    /// </summary>
    public static async Task<FeatureTable> OpenAsync(string path, IReadOnlyCollection<string> asText, CancellationToken cancellationToken = default)
    {
        Domain.Inputs.InputFile.CheckKind(path, path);

        if (TableFile.IsParquet(path))
        {
            var (names, rows) = await ParquetTable.SchemaAsync(path, cancellationToken);
            var buffers = new ColumnBuffers();
            return new FeatureTable(path, names, rows, (name, ct) => ParquetTable.ReadColumnAsync(path, name, buffers, ct), buffers);
        }

        // A CSV file of numbers only (but for the columns read as text) is parsed on every core; each column is handed out once and then let go.
        if (await Task.Run(() => CsvBlocks.TryRead(path, asText: asText, cancellationToken: cancellationToken), cancellationToken) is var (numericNames, numeric, numericRows))
        {
            var names = numericNames.ToArray();
            return new FeatureTable(path, names, numericRows, (name, _) =>
            {
                var at = Array.IndexOf(names, name);
                var column = Interlocked.Exchange(ref numeric[at], null!) ?? throw new InvalidOperationException($"column {name} was already read");
                return Task.FromResult(column);
            });
        }

        // Any other CSV is parsed once into chunks; a column is built from them when asked for, and only then, once.
        var (header, columns, count) = await Task.Run(() => CsvTable.ReadColumns(path, asText), cancellationToken);
        var order = header.ToArray();
        return new FeatureTable(path, order, count, (name, _) =>
        {
            var builder = columns[Array.IndexOf(order, name)];
            lock (builder)
            {
                return Task.FromResult(builder.Build(name));
            }
        });
    }

    /// <summary>The column named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public Task<Column> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        Names.Contains(name) ? read(name, cancellationToken) : throw new InvalidInputException($"{Source}: no column {name}");

    /// <summary>
    /// Gives back a column read here that its caller has finished with (nothing it computed holds the values), so
    /// the next column read reuses its memory. Columns of a CSV table are not reused.
    /// </summary>
    public void Release(Column column)
    {
        if (buffers is not null && column.IsNumeric)
        {
            buffers.Return(column.Numbers!);
        }
    }
}
