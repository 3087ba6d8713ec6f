using System.Numerics;
using Parquet;
using Parquet.Schema;
using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads the flat columns of a Parquet file (Parquet.Net) into a <see cref="Table"/>: numeric physical types become
/// numbers, strings and booleans text. Nested and repeated columns are left out.
/// </summary>
public static class ParquetTable
{
    public static async Task<Table> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or Parquet.ParquetException)
        {
            throw new InvalidInputException($"{path}: not a readable Parquet file ({e.Message})");
        }

        await using (reader)
        {
            var fields = reader.Schema.GetDataFields().Where(f => !f.IsArray && f.Path.ToList().Count == 1).ToArray();
            var numbers = fields.Select(_ => new List<double>()).ToArray();
            var texts = fields.Select(_ => new List<string?>()).ToArray();
            var rows = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                rows += count;
                for (var f = 0; f < fields.Length; f++)
                {
                    await ReadFieldAsync(group, fields[f], count, numbers[f], texts[f], cancellationToken);
                }
            }

            var columns = fields.Select((field, f) => IsText(field.ClrType) || field.ClrType == typeof(bool)
                ? Column.Text(field.Name, [.. texts[f]])
                : Column.Numeric(field.Name, [.. numbers[f]])).ToList();
            return new Table(path, columns, rows);
        }
    }

    private static async Task ReadFieldAsync(ParquetRowGroupReader group, DataField field, int count, List<double> numbers, List<string?> texts, CancellationToken ct)
    {
        var type = field.ClrType;
        if (IsText(type))
        {
            var values = new string?[count];
            await group.ReadAsync(field, values.AsMemory(), null, ct);
            texts.AddRange(values);
        }
        else if (type == typeof(bool))
        {
            var values = new bool?[count];
            await group.ReadAsync<bool>(field, values.AsMemory(), null, ct);
            texts.AddRange(values.Select(v => v is null ? null : v.Value ? "true" : "false"));
        }
        else if (type == typeof(double))
        {
            await NumbersAsync<double>(group, field, count, numbers, ct);
        }
        else if (type == typeof(float))
        {
            await NumbersAsync<float>(group, field, count, numbers, ct);
        }
        else if (type == typeof(long))
        {
            await NumbersAsync<long>(group, field, count, numbers, ct);
        }
        else if (type == typeof(int))
        {
            await NumbersAsync<int>(group, field, count, numbers, ct);
        }
        else if (type == typeof(short))
        {
            await NumbersAsync<short>(group, field, count, numbers, ct);
        }
        else if (type == typeof(decimal))
        {
            await NumbersAsync<decimal>(group, field, count, numbers, ct);
        }
        else
        {
            throw new InvalidInputException($"column {field.Name}: Parquet type {type.Name} is neither numeric nor text");
        }
    }

    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static async Task NumbersAsync<T>(ParquetRowGroupReader group, DataField field, int count, List<double> numbers, CancellationToken ct)
        where T : struct, INumberBase<T>
    {
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            numbers.AddRange(values.Select(v => v is null ? double.NaN : double.CreateTruncating(v.Value)));
        }
        else
        {
            var values = new T[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            numbers.AddRange(values.Select(double.CreateTruncating));
        }
    }
}
