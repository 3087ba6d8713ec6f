using System.Text;
using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads a CSV file with a header row (RFC 4180 quoting) into a <see cref="Table"/>. A column is numeric when every
/// non-empty cell parses as an invariant-culture number; empty, <c>NA</c>, <c>NaN</c> and <c>null</c> cells are missing.
/// The file is read as UTF-8 bytes straight into typed columns (no string per cell); repeated texts share one string.
/// When a column thought numeric turns out to hold text, the file is read once more with that column as text.
/// </summary>
public static class CsvTable
{
    public static Table Read(string path)
    {
        bool[]? text = null;
        while (true)
        {
            var (table, found) = Parse(path, text);
            if (table is not null)
            {
                return table;
            }

            text = found;
        }
    }

    private static (Table? Table, bool[] Text) Parse(string path, bool[]? knownText)
    {
        using var records = new CsvRecords(path);
        if (!records.Next())
        {
            throw new InvalidInputException($"{path}: empty file, expected a header row");
        }

        var header = new List<string>();
        for (var f = 0; f < records.FieldCount; f++)
        {
            header.Add(Encoding.UTF8.GetString(records.Field(f)));
        }

        if (header.Count != header.Distinct().Count())
        {
            throw new InvalidInputException($"{path}: duplicate column names in the header");
        }

        var text = knownText ?? new bool[header.Count];
        var retry = false;
        var columns = header.Select((_, c) => new ColumnBuilder(text[c])).ToArray();
        var line = 1;
        var rows = 0;
        while (records.Next())
        {
            line++;
            if (records.FieldCount == 1 && records.Field(0).IsEmpty)
            {
                continue;
            }

            if (records.FieldCount != header.Count)
            {
                throw new InvalidInputException($"{path}: record {line} has {records.FieldCount} fields, the header has {header.Count}");
            }

            rows++;
            for (var c = 0; c < columns.Length; c++)
            {
                if (!columns[c].Add(records.Field(c)))
                {
                    text[c] = retry = true;
                }
            }
        }

        return retry ? (null, text) : (new Table(path, [.. header.Select((name, c) => columns[c].Build(name))], rows), text);
    }
}
