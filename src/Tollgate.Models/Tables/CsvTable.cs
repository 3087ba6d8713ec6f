using System.Globalization;
using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads a CSV file with a header row (RFC 4180 quoting) into a <see cref="Table"/>. A column is numeric when every
/// non-empty cell parses as an invariant-culture number; empty, <c>NA</c>, <c>NaN</c> and <c>null</c> cells are missing.
/// </summary>
public static class CsvTable
{
    public static Table Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = ReadRecord(reader) ?? throw new InvalidInputException($"{path}: empty file, expected a header row");
        if (header.Count != header.Distinct().Count())
        {
            throw new InvalidInputException($"{path}: duplicate column names in the header");
        }

        var cells = header.Select(_ => new List<string?>()).ToArray();
        var line = 1;
        while (ReadRecord(reader) is { } record)
        {
            line++;
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Count != header.Count)
            {
                throw new InvalidInputException($"{path}: record {line} has {record.Count} fields, the header has {header.Count}");
            }

            for (var i = 0; i < record.Count; i++)
            {
                cells[i].Add(IsMissing(record[i]) ? null : record[i]);
            }
        }

        var columns = header.Select((name, i) => Typed(name, cells[i])).ToList();
        return new Table(path, columns, cells.Length == 0 ? 0 : cells[0].Count);
    }

    private static bool IsMissing(string cell) => cell.Length == 0 || cell is "NA" or "NaN" or "nan" or "null" or "NULL";

    private static Column Typed(string name, List<string?> cells)
    {
        var numbers = new double[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is null)
            {
                numbers[i] = double.NaN;
            }
            else if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return Column.Text(name, [.. cells]);
            }
        }

        return Column.Numeric(name, numbers);
    }

    private static List<string>? ReadRecord(StreamReader reader)
    {
        var first = reader.Read();
        if (first < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var c = first; c >= 0; c = reader.Read())
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                break;
            }
            else if (ch != '\r')
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
