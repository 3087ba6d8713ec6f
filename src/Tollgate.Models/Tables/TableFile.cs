using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>Opens a CSV or Parquet feature table by its extension (or Parquet's magic bytes).</summary>
public static class TableFile
{
    public static async Task<Table> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        Domain.Inputs.InputFile.CheckKind(path, path);

        return IsParquet(path) ? await ParquetTable.ReadAsync(path, cancellationToken) : CsvTable.Read(path);
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
