using Tollgate.Domain;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Promotion;

/// <summary>
/// The KPI values of a prediction log (CSV or Parquet) per slice and model: rows whose version column names the
/// candidate or the live version, the KPI column as numbers (rows without a value are not counted, but how many each
/// version has is returned, for the report to say). Slices are the spec's columns; every slice also counts in <c>(all)</c>.
/// </summary>
public static class KpiLog
{
    public const string AllRows = "(all)";

    /// <summary>
    /// The KPI per slice of the candidate's and the live version's rows, the rows of each without a value, and, when
    /// either version has no row, the versions the log's version column does hold (at most six), so a hold can say
    /// whether the log is late or names versions another way (<c>v4</c> for <c>4</c>).
    /// </summary>
    public static async Task<(IReadOnlyList<(string Slice, double[] Candidate, double[] Live)> Slices, long CandidateMissing, long LiveMissing, IReadOnlyList<string> Held)> ReadAsync(
        string path, string shown, KpiSpec spec, string candidate, string live, CancellationToken cancellationToken)
    {
        // The version and slice columns are keys: read as written, so 1.10 stays apart from 1.1 and n/a is a value.
        var table = await TableFile.ReadAsync(path, [spec.VersionColumn, .. spec.SliceBy], cancellationToken);
        var version = Required(table, spec.VersionColumn, shown, "versionColumn");
        var kpi = Required(table, spec.Column, shown, "column");
        if (kpi.Numbers is not { } values)
        {
            var served = Enumerable.Range(0, table.Rows).Where(row => version.TextAt(row) is { } v && (v == candidate || v == live));
            var word = TextCells.FirstOfEach(kpi, served).Text ?? TextCells.FirstOfEach(kpi, Enumerable.Range(0, table.Rows)).Text;
            // 'inf' is a number, not a finite one: said as such rather than called text.
            throw new InvalidInputException(word is { } w && TextCells.IsInfinity(w.Value)
                ? $"{shown}: KPI column {spec.Column} holds an infinite value ({TextCells.Describe(w)}); it must be finite numbers (0/1 for a conversion)"
                : $"{shown}: KPI column {spec.Column} holds text{(word is { } cell ? $" ({TextCells.Describe(cell)})" : "")}; it must be numbers (0/1 for a conversion)");
        }

        if (Enumerable.Range(0, table.Rows).FirstOrDefault(row => double.IsInfinity(values[row]), -1) is var infinite and >= 0)
        {
            throw new InvalidInputException($"{shown}: KPI column {spec.Column} holds an infinite value (in row {infinite + 1}); it must be finite numbers (0/1 for a conversion)");
        }

        var slices = spec.SliceBy.Select(c => Required(table, c, shown, "sliceBy")).ToList();
        var groups = new SortedDictionary<string, (List<double> Candidate, List<double> Live)>(StringComparer.Ordinal);
        var (candidateMissing, liveMissing) = (0L, 0L);
        for (var row = 0; row < table.Rows; row++)
        {
            var served = version.TextAt(row);
            var isCandidate = served == candidate;
            if (!isCandidate && served != live)
            {
                continue;
            }

            if (double.IsNaN(values[row]))
            {
                _ = isCandidate ? candidateMissing++ : liveMissing++;
                continue;
            }

            Add(AllRows, isCandidate, values[row]);
            if (slices.Count > 0)
            {
                Add(string.Join(",", slices.Select(c => $"{c.Name}={c.TextAt(row) ?? "(missing)"}")), isCandidate, values[row]);
            }
        }

        var bothServed = groups.TryGetValue(AllRows, out var all) && all.Candidate.Count + candidateMissing > 0 && all.Live.Count + liveMissing > 0;
        IReadOnlyList<string> held = bothServed ? [] : [.. Enumerable.Range(0, table.Rows).Select(version.TextAt).OfType<string>().Distinct(StringComparer.Ordinal).Take(6)];
        return ([.. groups.Select(g => (g.Key, g.Value.Candidate.ToArray(), g.Value.Live.ToArray()))], candidateMissing, liveMissing, held);

        void Add(string slice, bool isCandidate, double value)
        {
            if (!groups.TryGetValue(slice, out var group))
            {
                groups[slice] = group = ([], []);
            }

            (isCandidate ? group.Candidate : group.Live).Add(value);
        }
    }

    private static Column Required(Table table, string name, string shown, string key) =>
        table.Find(name) ?? throw MissingColumn.Error(shown, name, [.. table.Columns.Select(c => c.Name)], $"the KPI spec's {key}");
}
