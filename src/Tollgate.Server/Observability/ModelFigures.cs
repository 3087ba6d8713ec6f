using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Domain.Ledger;

namespace Tollgate.Server.Observability;

/// <summary>
/// The latest drift, skew and trend figures per model as Prometheus gauges, from the ledger's newest
/// <c>model-drift</c>, <c>model-skew</c> and <c>model-trend</c> report of each subject (the subject is the model when
/// the command had <c>--model</c>; a trend's is <c>MODEL#SERIES</c>). A report records the figures of what it found:
/// PSI, KS and effect of each drifted feature and slice, slope of an alarmed trend. Every report also gives
/// <c>tollgate_model_findings</c> (0 when the latest report found nothing: the alert resolves) and when it was recorded.
/// Cardinality is bounded: at most <see cref="MaxSubjects"/> subjects per kind and <see cref="MaxSeries"/> series per
/// family, the rest counted in <c>tollgate_model_gauges_dropped_series</c>.
/// </summary>
public static class ModelFigures
{
    public const int MaxSubjects = 100;
    public const int MaxSeries = 1000;

    public static readonly IReadOnlyList<string> Kinds = ["model-drift", "model-skew", "model-trend"];

    private static readonly (string Name, string Help)[] Families =
    [
        ("tollgate_model_drift_psi", "Population stability index of a drifted feature in a slice, latest model drift report"),
        ("tollgate_model_drift_ks", "Kolmogorov-Smirnov statistic D of a drifted numeric feature in a slice, latest model drift report"),
        ("tollgate_model_drift_effect", "Effect size of a drifted feature (numbers: Wasserstein/std; categories: Jensen-Shannon distance), latest model drift report"),
        ("tollgate_model_skew_psi", "Population stability index of a feature skewed between training and serving, latest model skew report"),
        ("tollgate_model_skew_ks", "Kolmogorov-Smirnov statistic D of a skewed numeric feature, latest model skew report"),
        ("tollgate_model_skew_effect", "Effect size of a skewed feature (numbers: Wasserstein/std; categories: Jensen-Shannon distance), latest model skew report"),
        ("tollgate_model_trend_slope_per_day", "Sen slope per day of a sustained KPI trend, latest model trend report that alarmed"),
        ("tollgate_model_trend_relative_slope_per_day", "Sen slope per day as a share of the baseline level, latest model trend report that alarmed"),
        ("tollgate_model_findings", "Findings (drifted features, skewed features, trends) in the latest report of the kind; 0 when it found none"),
        ("tollgate_model_report_timestamp_seconds", "When the latest report of the kind was recorded, Unix seconds"),
    ];

    /// <summary>The gauges in Prometheus text format from each kind's newest entries (newest first, as the ledger lists them).</summary>
    public static string Render(IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> entries)
    {
        var series = Families.ToDictionary(f => f.Name, _ => new List<string>(), StringComparer.Ordinal);
        var dropped = 0;
        foreach (var kind in Kinds)
        {
            var latest = (entries.GetValueOrDefault(kind) ?? []).DistinctBy(e => e.Subject, StringComparer.Ordinal).ToList();
            dropped += Math.Max(0, latest.Count - MaxSubjects);
            foreach (var entry in latest.Take(MaxSubjects))
            {
                var (model, seriesName) = kind == "model-trend" ? SplitTrend(entry.Subject) : (entry.Subject, "");
                var shortKind = kind["model-".Length..];
                Add("tollgate_model_report_timestamp_seconds", [("model", model), ("kind", shortKind), .. Trend(kind, seriesName)], entry.RecordedAt.ToUnixTimeMilliseconds() / 1000.0);
                var count = 0;
                foreach (var finding in Findings(entry.Findings))
                {
                    count++;
                    var evidence = finding.Evidence;
                    if (kind == "model-trend")
                    {
                        var labels = new[] { ("model", model), ("series", seriesName.Length > 0 ? seriesName : finding.Address) };
                        Add("tollgate_model_trend_slope_per_day", labels, Number(evidence, "slopePerDay"));
                        Add("tollgate_model_trend_relative_slope_per_day", labels, Number(evidence, "relativePerDay"));
                        continue;
                    }

                    var where = new[] { ("model", model), ("feature", finding.Address), ("slice", Text(evidence, "slice") ?? "(all)") };
                    Add($"tollgate_model_{shortKind}_psi", where, Number(evidence, "psi"));
                    if (Text(evidence, "test")?.StartsWith("ks", StringComparison.Ordinal) == true)
                    {
                        Add($"tollgate_model_{shortKind}_ks", where, Number(evidence, "statistic"));
                    }

                    Add($"tollgate_model_{shortKind}_effect", where, Number(evidence, "effectSize"));
                }

                Add("tollgate_model_findings", [("model", model), ("kind", shortKind), .. Trend(kind, seriesName)], count);
            }
        }

        var text = new StringBuilder();
        foreach (var (name, help) in Families)
        {
            if (series[name].Count == 0)
            {
                continue;
            }

            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(" gauge\n");
            foreach (var line in series[name])
            {
                text.Append(line).Append('\n');
            }
        }

        text.Append("# HELP tollgate_model_gauges_dropped_series Model figures left out to bound the label cardinality\n# TYPE tollgate_model_gauges_dropped_series gauge\n")
            .Append("tollgate_model_gauges_dropped_series ").Append(dropped.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();

        void Add(string family, (string Name, string Value)[] labels, double value)
        {
            if (double.IsNaN(value))
            {
                return;
            }

            var lines = series[family];
            if (lines.Count >= MaxSeries)
            {
                dropped++;
                return;
            }

            lines.Add($"{family}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\""))}}} {Value(value)}");
        }
    }

    /// <summary>A trend subject <c>MODEL#SERIES</c>; without <c>#</c> the whole subject is the model.</summary>
    internal static (string Model, string Series) SplitTrend(string subject) =>
        subject.IndexOf('#', StringComparison.Ordinal) is var at and > 0 ? (subject[..at], subject[(at + 1)..]) : (subject, "");

    private static (string, string)[] Trend(string kind, string series) => kind == "model-trend" ? [("series", series)] : [];

    private static List<(string Address, JsonElement Evidence)> Findings(string json)
    {
        var found = new List<(string, JsonElement)>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return found;
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                // A finding the policy excepted is not a live alarm; its figures are not exported.
                if (item.ValueKind != JsonValueKind.Object || item.TryGetProperty("suppression", out _))
                {
                    continue;
                }

                var evidence = item.TryGetProperty("evidence", out var e) && e.ValueKind == JsonValueKind.Object ? e.Clone() : default;
                found.Add((Text(item, "address") ?? "", evidence));
            }
        }
        catch (JsonException)
        {
            // A ledger row written by another tool version that is not this shape: nothing to export from it.
        }

        return found;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Value(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);
}
