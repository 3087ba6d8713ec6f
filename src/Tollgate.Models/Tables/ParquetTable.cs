using System.Numerics;
using Parquet;
using Parquet.Schema;
using Tollgate.Domain;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads the flat columns of a Parquet file (Parquet.Net): numeric physical types become numbers, strings and booleans
/// text. Nested and repeated columns are left out. A column is read across every row group straight into one array,
/// so a drift comparison can read one column at a time.
/// </summary>
public static class ParquetTable
{
    public static async Task<Table> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var parquet = await OpenAsync(path, cancellationToken);
        var fields = Fields(parquet.Reader);
        var columns = new List<Column>();
        foreach (var field in fields)
        {
            columns.Add(await ReadColumnAsync(path, parquet, field, cancellationToken));
        }

        return new Table(path, columns, checked((int)Rows(parquet.Reader)));
    }

    /// <summary>The flat columns' names and the row count, without reading any data.</summary>
    public static async Task<(IReadOnlyList<string> Names, long Rows)> SchemaAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var parquet = await OpenAsync(path, cancellationToken);
        return ([.. Fields(parquet.Reader).Select(f => f.Name)], Rows(parquet.Reader));
    }

    /// <summary>One column, read on its own reader (safe to call from several threads at once).</summary>
    public static Task<Column> ReadColumnAsync(string path, string name, CancellationToken cancellationToken = default) =>
        ReadColumnAsync(path, name, null, cancellationToken);

    /// <summary>One column, its numbers in an array from <paramref name="buffers"/> when given.</summary>
    internal static async Task<Column> ReadColumnAsync(string path, string name, ColumnBuffers? buffers, CancellationToken cancellationToken)
    {
        await using var parquet = await OpenAsync(path, cancellationToken);
        var field = Fields(parquet.Reader).FirstOrDefault(f => f.Name == name) ?? throw new InvalidInputException($"{path}: no column {name}");
        return await ReadColumnAsync(path, parquet, field, cancellationToken, buffers);
    }

    // The file, opened once, and its reader with its footer checked and decoded, its schema decoded (Parquet.Net
    // decodes it when first asked for it) and its row counts checked: one line naming the file when any is damaged.
    private static async Task<ParquetFile> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var file = new ChunkWindowStream(File.OpenRead(path));
        ParquetReader? reader = null;
        try
        {
            ParquetFooter.Check(file.Handle);
            reader = await ParquetReader.CreateAsync(file, leaveStreamOpen: true, cancellationToken: cancellationToken);
            _ = Fields(reader);
            CheckRows(path, reader);
            return new ParquetFile(reader, file);
        }
        catch (Exception e)
        {
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            await file.DisposeAsync();
            throw ParquetDamage.Is(e) ? new InvalidInputException($"{path}: not a readable Parquet file ({ParquetDamage.Why(e)})") : e;
        }
    }

    // A file's reader and the file it reads, which keeps Parquet.Net within the column chunk it reads (ChunkWindowStream).
    private sealed class ParquetFile(ParquetReader reader, ChunkWindowStream file) : IAsyncDisposable
    {
        public ParquetReader Reader => reader;

        public ChunkWindowStream File => file;

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await file.DisposeAsync();
        }
    }

    // Each row group's count of rows is not negative, and all of them fit in a column's array.
    private static void CheckRows(string path, ParquetReader reader)
    {
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var count = reader.RowGroups[g].RowCount;
            rows += count;
            if (count < 0 || rows > Array.MaxLength)
            {
                throw new InvalidInputException(count < 0
                    ? $"{path}: row group {g + 1} of {reader.RowGroupCount} records {count} rows: the file is damaged"
                    : $"{path}: {rows} rows or more, more than a column of one array holds ({Array.MaxLength}): split the table");
            }
        }
    }

    private static DataField[] Fields(ParquetReader reader) =>
        reader.Schema.GetDataFields().Where(f => !f.IsArray && f.Path.ToList().Count == 1).ToArray();

    private static long Rows(ParquetReader reader)
    {
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            rows += reader.RowGroups[g].RowCount;
        }

        return rows;
    }

    private static async Task<Column> ReadColumnAsync(string path, ParquetFile parquet, DataField field, CancellationToken ct, ColumnBuffers? buffers = null)
    {
        var reader = parquet.Reader;
        var rows = checked((int)Rows(reader));
        var type = field.ClrType;
        if (IsText(type) || type == typeof(bool))
        {
            var texts = new string?[rows];
            await ReadGroupsAsync(path, parquet, field, async (group, at, count) =>
            {
                if (type == typeof(bool))
                {
                    var values = new bool?[count];
                    await group.ReadAsync<bool>(field, values.AsMemory(), null, ct);
                    for (var i = 0; i < count; i++)
                    {
                        texts[at + i] = values[i] is null ? null : values[i]!.Value ? "true" : "false";
                    }
                }
                else
                {
                    await group.ReadAsync(field, texts.AsMemory(at, count), null, ct);
                }
            });

            return Column.Text(field.Name, texts);
        }

        if (!IsNumber(type))
        {
            throw new InvalidInputException($"{path}: column {TextSafe.Line(field.Name)}: Parquet type {type.Name} is neither numeric nor text");
        }

        // Every value of the array is written below, so a reused one needs no clearing.
        var numbers = buffers?.Rent(rows) ?? new double[rows];
        if (type == typeof(double))
        {
            if (reader.Metadata is { } metadata && ParquetDoubles.TryRead(path, metadata, field, numbers))
            {
                return Column.Numeric(field.Name, numbers);
            }

            await NumbersAsync<double>(path, parquet, field, numbers, ct);
        }
        else if (type == typeof(float))
        {
            await NumbersAsync<float>(path, parquet, field, numbers, ct);
        }
        else if (type == typeof(long))
        {
            await NumbersAsync<long>(path, parquet, field, numbers, ct);
        }
        else if (type == typeof(int))
        {
            await NumbersAsync<int>(path, parquet, field, numbers, ct);
        }
        else if (type == typeof(short))
        {
            await NumbersAsync<short>(path, parquet, field, numbers, ct);
        }
        else
        {
            await NumbersAsync<decimal>(path, parquet, field, numbers, ct);
        }

        return Column.Numeric(field.Name, numbers);
    }

    private static bool IsNumber(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(decimal);

    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static Task NumbersAsync<T>(string path, ParquetFile parquet, DataField field, double[] numbers, CancellationToken ct)
        where T : struct, INumberBase<T> =>
        ReadGroupsAsync(path, parquet, field, async (group, at, count) =>
        {
            if (typeof(T) == typeof(double) && !field.IsNullable)
            {
                // Doubles without nulls are decoded straight into the column.
                await group.ReadAsync<double>(field, numbers.AsMemory(at, count), null, ct);
            }
            else if (field.IsNullable)
            {
                var values = new T?[count];
                await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
                for (var i = 0; i < count; i++)
                {
                    numbers[at + i] = values[i] is { } v ? double.CreateTruncating(v) : double.NaN;
                }
            }
            else
            {
                var values = new T[count];
                await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
                for (var i = 0; i < count; i++)
                {
                    numbers[at + i] = double.CreateTruncating(values[i]);
                }
            }
        });

    // Each row group's part of the column (its reader, first row, rows), in order. Parquet.Net reads a damaged page
    // as far as it goes and then throws what it met (its own exceptions, or an index or a length out of range): one
    // line naming the file, the column and the row group instead.
    private static async Task ReadGroupsAsync(string path, ParquetFile parquet, DataField field, Func<ParquetRowGroupReader, int, int, Task> read)
    {
        var (reader, file) = (parquet.Reader, parquet.File);
        var at = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            try
            {
                var window = default(IDisposable);
                if (reader.Metadata?.RowGroups[g].Columns.FirstOrDefault(c => c.MetaData?.PathInSchema is [var only] && only == field.Name)?.MetaData is { } chunk)
                {
                    var (start, length) = ParquetChunkPages.Check(file.Handle, chunk);
                    window = file.Open(start, length);
                }

                using var inside = window;
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                await read(group, at, count);
                at += count;
            }
            catch (Exception e) when (ParquetDamage.Is(e))
            {
                var why = file.Overran
                    ? "its pages end before the values its column chunk states"
                    : ParquetDamage.Why(e);
                throw new InvalidInputException($"{path}: column {TextSafe.Line(field.Name)}, row group {g + 1} of {reader.RowGroupCount}: not readable ({why}); the file is damaged or not written whole");
            }
        }
    }
}
