using System.Globalization;
using Tollgate.Domain;

namespace Tollgate.Models.Trends;

/// <summary>
/// A KPI series in time order, read from CSV <c>time,value</c> (RFC 3339, a date, or Unix seconds; a header row is
/// optional; fields may be quoted; gzip-compressed too). A value that is missing in a numeric column of a drift table
/// (empty, or one of <see cref="Tables.ColumnBuilder.MissingNumberMarkers"/>, the one list) is missing here too: left out and counted in <see cref="Missing"/>.
/// </summary>
public sealed record Series(string Source, DateTimeOffset[] Times, double[] Values)
{
    /// <summary>Rows whose value is missing, left out of the series.</summary>
    public int Missing { get; init; }

    public static Series Read(string path)
    {
        Domain.Inputs.InputFile.CheckKind(path, path);

        var points = new List<(DateTimeOffset Time, double Value, int Line)>();
        var line = 0;
        var lines = 0;
        var missing = 0;
        foreach (var raw in Tables.TableCompression.ReadLines(path))
        {
            line++;
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            lines++;

            var parts = text.Split(',');
            if (parts.Length < 2)
            {
                var separated = text.Contains(';') ? " (comma-separated; this line holds semicolons)" : text.Contains('\t') ? " (comma-separated; this line holds tabs)" : "";
                throw new InvalidInputException($"{path}:{line}: expected time,value{separated}");
            }

            if (parts.Length > 2)
            {
                // A table of features (or time,value,label) is not a series: its first two columns would be read as
                // time and value, a column of ages as Unix seconds.
                throw new InvalidInputException($"{path}:{line}: {parts.Length} columns ({Shown(parts)}), expected 2: time,value");
            }

            var valueText = Unquoted(parts[1]);
            var isNumber = double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
            var isTime = TryTime(Unquoted(parts[0]), $"{path}:{line}: time", out var time);
            if (isTime && !isNumber && Tables.ColumnBuilder.IsMissingNumber(valueText))
            {
                missing++;
                continue;
            }

            if (!isTime || !isNumber)
            {
                if (points.Count == 0 && line == 1 && !isTime)
                {
                    continue; // header
                }

                throw new InvalidInputException(isTime
                    ? Tables.TextCells.IsInfinity(valueText) ? $"{path}:{line}: value '{valueText}' is not a finite number" : $"{path}:{line}: value '{valueText}' is not a number (time,value)"
                    : $"{path}:{line}: '{text}' is not time,value (time as RFC 3339, yyyy-MM-dd or Unix seconds)");
            }

            if (double.IsNaN(value))
            {
                missing++;
                continue;
            }

            points.Add(double.IsFinite(value) ? (time, value, line) : throw new InvalidInputException($"{path}:{line}: value '{valueText}' is not a finite number"));
        }

        // No header and no rows is not a series with too few points: it is the wrong file (exit 3, as drift says).
        if (lines == 0)
        {
            throw new InvalidInputException($"{path}: empty file, expected time,value rows (a header row is optional)");
        }

        points.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Line.CompareTo(b.Line));
        for (var i = 1; i < points.Count; i++)
        {
            // Two values for one time (two scrapes, a join that repeated rows): which one counts is not ours to guess.
            if (points[i].Time == points[i - 1].Time)
            {
                throw new InvalidInputException($"{path}:{points[i].Line}: time {Rfc3339.Format(points[i].Time)} already has a value on line {points[i - 1].Line}: one value per time");
            }
        }

        return new Series(path, points.Select(p => p.Time).ToArray(), points.Select(p => p.Value).ToArray()) { Missing = missing };
    }

    // A field as CSV writes it: "0.8" is 0.8 (a quote inside written twice).
    private static string Unquoted(string field)
    {
        var text = field.Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim() : text;
    }

    private static string Shown(string[] parts) =>
        string.Join(", ", parts.Take(4).Select(p => p.Trim() is { Length: > 24 } t ? t[..24] + "…" : p.Trim())) + (parts.Length > 4 ? ", …" : "");

    // Unix seconds out of range (1e30) are refused as Rfc3339 refuses them; text that is no time is false (a header).
    private static bool TryTime(string text, string what, out DateTimeOffset time)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            time = Rfc3339.Parse(text, what);
            return true;
        }

        return Rfc3339.TryParse(text, out time);
    }
}
