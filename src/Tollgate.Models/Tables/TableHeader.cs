using System.Text;

namespace Tollgate.Models.Tables;

/// <summary>
/// A table's column names from its header alone: a CSV file's first record that is not a blank line (through a gzip decompressor too), a
/// Parquet file's schema in its footer. Read before a command that reads whole files, so that a misspelt column
/// name costs milliseconds, not the minute the comparison takes. An empty file has no names; the reader that
/// follows says what is wrong with it.
/// </summary>
public static class TableHeader
{
    public static async Task<IReadOnlyList<string>> NamesAsync(string path, CancellationToken cancellationToken = default)
    {
        Domain.Inputs.InputFile.CheckKind(path, path);
        if (TableFile.IsParquet(path))
        {
            return (await ParquetTable.SchemaAsync(path, cancellationToken)).Names;
        }

        using var records = new CsvRecords(path);
        if (!records.NextHeader())
        {
            return [];
        }

        var names = new string[records.FieldCount];
        for (var f = 0; f < names.Length; f++)
        {
            names[f] = Encoding.UTF8.GetString(records.Field(f));
        }

        // A binary file or one separated by semicolons is said here as its reader would say it.
        CsvTable.CheckSeparator(path, names);
        return names;
    }

    /// <summary>
    /// Throws the one-line <see cref="MissingColumn"/> error for the first name a command was given (per option,
    /// <paramref name="named"/>) that <paramref name="columns"/> lacks, naming <paramref name="source"/>. No columns
    /// at all (an empty file) is left to the reader, which says what is wrong with the file.
    /// </summary>
    public static void Require(string source, IReadOnlyCollection<string> columns, params (IEnumerable<string> Names, string Option)[] named)
    {
        if (columns.Count == 0)
        {
            return;
        }

        foreach (var (names, option) in named)
        {
            if (names.FirstOrDefault(name => !columns.Contains(name)) is { } unknown)
            {
                throw MissingColumn.Error(source, unknown, columns, option);
            }
        }
    }
}
