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

    internal static bool IsParquet(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8);
    }
}
