using System.Text;
using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads a CSV file with a header row (RFC 4180 quoting) into a <see cref="Table"/>. A column is numeric when every
/// non-empty cell parses as an invariant-culture number; empty, <c>NA</c>, <c>NaN</c> and <c>null</c> cells are missing.
/// The file is read as UTF-8 bytes straight into typed columns (no string per cell); repeated texts share one string;
/// a record of plain decimals is split and parsed in one scan.
/// When a column thought numeric turns out to hold text, the file is read once more with that column as text.
/// A file of numbers only (the common feature table) is read on every core instead (<see cref="CsvBlocks"/>).
/// </summary>
public static class CsvTable
{
    public static Table Read(string path) => Read(path, []);

    /// <summary>The table, with the columns named in <paramref name="asText"/> read as text exactly as written (ids, versions, keys).</summary>
    public static Table Read(string path, IReadOnlyCollection<string> asText)
    {
        if (CsvBlocks.TryRead(path, asText: asText) is var (_, numeric, numericRows))
        {
            return new Table(path, numeric, numericRows);
        }

        var (names, columns, rows) = ReadColumns(path, asText);
        return new Table(path, [.. names.Select((name, c) => columns[c].Build(name))], rows);
    }

    /// <summary>
    /// The header and each column's cells still in chunks, so a caller building one column at a time holds the file's
    /// values once, not twice (each <see cref="ColumnBuilder.Build"/> frees its chunks as it copies them).
    /// </summary>
    internal static (IReadOnlyList<string> Names, ColumnBuilder[] Columns, int Rows) ReadColumns(string path, IReadOnlyCollection<string>? asText = null)
    {
        bool[]? text = null;
        while (true)
        {
            var (parsed, found) = Parse(path, text, asText ?? []);
            if (parsed is { } table)
            {
                return table;
            }

            text = found;
        }
    }

    private static ((IReadOnlyList<string> Names, ColumnBuilder[] Columns, int Rows)? Table, bool[] Text) Parse(string path, bool[]? knownText, IReadOnlyCollection<string> asText)
    {
        using var records = new CsvRecords(path);
        if (!records.NextHeader())
        {
            throw new InvalidInputException($"{path}: {(records.Consumed == 0 ? "empty file" : "only blank lines")}, expected a header row");
        }

        var line = records.Number;
        var header = new List<string>();
        for (var f = 0; f < records.FieldCount; f++)
        {
            header.Add(Encoding.UTF8.GetString(records.Field(f)));
        }

        if (header.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            var places = header.Select((name, i) => (name, i)).Where(c => c.name == repeated.Key).Select(c => (c.i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new InvalidInputException($"{path}: the header names '{Domain.Reports.TextSafe.Line(repeated.Key)}' twice (columns {string.Join(" and ", places)}): each column needs its own name");
        }

        CheckSeparator(path, header);

        var text = knownText ?? [.. header.Select(asText.Contains)];
        var retry = false;
        var columns = header.Select((_, c) => new ColumnBuilder(text[c])).ToArray();
        var rows = 0;
        var numeric = columns.All(c => c.Numeric);
        var parsed = new double[columns.Length];
        while (records.Next())
        {
            line++;
            if (numeric && records.Plain && PlainNumbers(records.Record, parsed))
            {
                rows++;
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c].Append(parsed[c]);
                }

                continue;
            }

            if (records.Blank)
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
                    numeric = false;
                }
            }
        }

        return retry ? (null, text) : ((header, columns, rows), text);
    }

    /// <summary>
    /// Refuses a header with a NUL byte (a binary file, whose every feature would be reported missing) and a header of
    /// one column whose name holds a semicolon, a tab or a bar: the file is separated by that, and read as
    /// comma-separated its every feature would be reported missing.
    /// </summary>
    internal static void CheckSeparator(string path, IReadOnlyList<string> header)
    {
        // A binary file's first "line" (an executable, a model file given as data): its bytes are no column names.
        if (header.Any(name => name.Contains('\0', StringComparison.Ordinal)))
        {
            throw new InvalidInputException($"{path} is not a text table: its first line holds a NUL byte (a binary file?); give a CSV file (gzip-compressed too) or Parquet");
        }

        if (header.Count == 1 && header[0].IndexOfAny([';', '\t', '|']) is var at and >= 0)
        {
            var separator = header[0][at] switch { ';' => "semicolons", '\t' => "tabs", _ => "bars" };
            var shown = header[0].Length > 60 ? header[0][..60] + "…" : header[0];
            throw new InvalidInputException($"{path}: the header is one column, '{shown.Replace("\t", "\\t", StringComparison.Ordinal)}': the file looks separated by {separator}, and tollgate reads comma-separated CSV; convert it first");
        }
    }

    // The common record, every field a plain decimal (no quotes, no missing cell): split and parsed in one scan. False
    // sends the record to the general path, which gives the same numbers and handles the rest.
    private static bool PlainNumbers(ReadOnlySpan<byte> record, double[] parsed)
    {
        var i = 0;
        for (var c = 0; c < parsed.Length; c++)
        {
            if (!DecimalText.TryParsePrefix(record[i..], out parsed[c], out var length))
            {
                return false;
            }

            i += length;
            if (c < parsed.Length - 1)
            {
                if (i >= record.Length || record[i] != ',')
                {
                    return false;
                }

                i++;
            }
            else if (i != record.Length)
            {
                return false;
            }
        }

        return true;
    }
}
