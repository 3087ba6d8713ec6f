using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>Opens a CSV or Parquet feature table by its extension (or Parquet's magic bytes).</summary>
public static class TableFile
{
    public static Task<Table> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        ReadAsync(path, [], cancellationToken);

    /// <summary>
    /// The table, with the CSV columns named in <paramref name="asText"/> read as text exactly as written: ids, versions
    /// and slice keys, where <c>1.10</c> and <c>1.1</c> are two values (read as numbers they were one) and <c>n/a</c> a
    /// value rather than a missing number. A Parquet column keeps the type it was written with.
    /// </summary>
    public static async Task<Table> ReadAsync(string path, IReadOnlyCollection<string> asText, CancellationToken cancellationToken = default)
    {
        Domain.Inputs.InputFile.CheckKind(path, path);

        return IsParquet(path) ? await ParquetTable.ReadAsync(path, cancellationToken) : CsvTable.Read(path, asText);
    }

    /// <summary>
    /// Whether the table at <paramref name="path"/> is Parquet (else CSV): every table read passes here to pick its reader,
    /// so a YAML file given for a table (a KPI spec as <c>--current</c>) is refused here, by its extension, rather than
    /// read as CSV with a comment line for its header.
    /// </summary>
    internal static bool IsParquet(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException($"{path} is YAML, not a table: give a CSV or Parquet table");
        }

        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8);
    }
}
