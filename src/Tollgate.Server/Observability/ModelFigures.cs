using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Server.Observability;

/// <summary>
/// The latest drift, skew and trend figures per model as Prometheus gauges, from the ledger's newest
/// <c>model-drift</c>, <c>model-skew</c> and <c>model-trend</c> report of each subject (the subject is the model when
/// the command had <c>--model</c>; a trend's is <c>MODEL#SERIES</c>). A report records the figures of everything it
/// judged (<c>report_figures</c>): PSI, KS D and effect of every feature and slice, drifted or not, and the slope of
/// the series whether or not it alarmed, so an alert can watch a healthy PSI rise before it crosses a threshold. A
/// report recorded before figures were (ledger schema below 7) gives the figures of its findings instead. Every report
/// also gives <c>tollgate_model_findings</c> (0 when the latest report found nothing: the alert resolves) and when it
/// was recorded. A hold judged nothing: the figures stay the last judged report's, and the latest verdict, a hold too,
/// is <c>tollgate_model_report_verdict</c>. Cardinality is bounded: at most <see cref="MaxSubjects"/> subjects per kind
/// (the rest counted in <c>tollgate_model_gauges_dropped_subjects</c>) and <see cref="MaxSeries"/> series per family,
/// the series left out counted in <c>tollgate_model_gauges_dropped_series</c>.
/// </summary>
public static class ModelFigures
{
    public const int MaxSubjects = 100;
    public const int MaxSeries = 1000;

    public static readonly IReadOnlyList<string> Kinds = ["model-drift", "model-skew", "model-trend"];

    private static readonly (string Name, string Help)[] Families =
    [
        ("tollgate_model_drift_psi", "Population stability index of a feature in a slice, drifted or not, latest model drift report"),
        ("tollgate_model_drift_ks", "Kolmogorov-Smirnov statistic D of a numeric feature in a slice, drifted or not, latest model drift report"),
        ("tollgate_model_drift_effect", "Effect size of a feature in a slice (numbers: Wasserstein/std; categories: Jensen-Shannon distance), drifted or not, latest model drift report"),
        ("tollgate_model_skew_psi", "Population stability index of a feature between training and serving, skewed or not, latest model skew report"),
        ("tollgate_model_skew_ks", "Kolmogorov-Smirnov statistic D of a numeric feature between training and serving, latest model skew report"),
        ("tollgate_model_skew_effect", "Effect size of a feature between training and serving (numbers: Wasserstein/std; categories: Jensen-Shannon distance), latest model skew report"),
        ("tollgate_model_trend_slope_per_day", "Sen slope per day of a KPI series, alarmed or not, latest model trend report"),
        ("tollgate_model_trend_relative_slope_per_day", "Sen slope per day as a share of the baseline level, alarmed or not, latest model trend report"),
        ("tollgate_model_findings", "Findings (drifted features, skewed features, trends) in the latest judged report (not a hold) of the kind; 0 when it found none"),
        ("tollgate_model_figures_omitted", "Feature windows the latest report judged but did not list or record (beyond its cap of figures)"),
        ("tollgate_model_report_timestamp_seconds", "When the latest judged report (not a hold) of the kind was recorded, Unix seconds"),
        ("tollgate_model_report_verdict", "1 for the verdict of the latest report of the kind (pass, fail, review, hold); a hold keeps the last judged report's figures"),
    ];

    /// <summary>The recorded measures each kind exports, by gauge family suffix.</summary>
    private static readonly Dictionary<string, string> DriftMeasures = new(StringComparer.Ordinal) { ["psi"] = "psi", ["ks"] = "ks", ["effectSize"] = "effect" };

    private static readonly Dictionary<string, string> TrendMeasures = new(StringComparer.Ordinal)
    {
        ["slopePerDay"] = "tollgate_model_trend_slope_per_day",
        ["relativePerDay"] = "tollgate_model_trend_relative_slope_per_day",
    };

    /// <summary>The measures of <paramref name="kind"/> that become gauges: what to read from the ledger.</summary>
    public static IReadOnlyList<string> Measures(string kind) => kind == "model-trend" ? [.. TrendMeasures.Keys] : [.. DriftMeasures.Keys];

    /// <summary>The most figure rows worth reading for one kind: each is one series, each family holds <see cref="MaxSeries"/>.</summary>
    public static int RowLimit(string kind) => Measures(kind).Count * MaxSeries;

    /// <summary>The gauges from each kind's findings alone (a ledger without figures).</summary>
    public static string Render(IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> entries) => Render(entries, new Dictionary<string, FigureRead>());

    /// <summary>
    /// The gauges in Prometheus text format from each kind's newest entries (newest first, as the ledger lists them)
    /// and the figures read for their <see cref="ModelSubjects.Judged"/> entries (<see cref="IVerdictLog.FiguresAsync"/>, in that order).
    /// </summary>
    public static string Render(IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> entries, IReadOnlyDictionary<string, FigureRead> figures, IReadOnlySet<string>? models = null) =>
        Render(entries.ToDictionary(e => e.Key, e => ModelSubjects.Of(e.Value), StringComparer.Ordinal), figures, models);

    /// <summary>
    /// The gauges from each kind's entries grouped once (<see cref="ModelSubjects.Of"/>) and the figures read for them;
    /// <paramref name="models"/> holds those of <see cref="HeldTrendModels"/> the ledger knows as models.
    /// </summary>
    public static string Render(IReadOnlyDictionary<string, ModelSubjects> grouped, IReadOnlyDictionary<string, FigureRead> figures, IReadOnlySet<string>? models = null)
    {
        models ??= new HashSet<string>();
        var series = Families.ToDictionary(f => f.Name, _ => new List<string>(), StringComparer.Ordinal);
        long dropped = 0;
        long droppedSubjects = 0;
        foreach (var kind in Kinds)
        {
            var (subjects, judged, droppedHere) = grouped.GetValueOrDefault(kind) ?? ModelSubjects.Of([]);
            droppedSubjects += droppedHere;
            var read = figures.GetValueOrDefault(kind) ?? new FigureRead([], 0);
            dropped += read.Total - read.Rows.Count;
            var byVerdict = read.Rows.ToLookup(r => r.VerdictId);
            // Figures are read subject by subject up to the row limit; past the subject where it was reached they were
            // left out on purpose, so those subjects do not fall back to their findings' figures either.
            var cut = read.Rows.Count == read.Total ? judged.Count : read.Rows.Count == 0 ? 0 : IndexOf(judged, read.Rows[^1].VerdictId);
            var shortKind = kind["model-".Length..];
            var index = -1;
            foreach (var subject in subjects)
            {
                var entry = subject.Judged;
                var stored = entry is null ? [] : byVerdict[entry.Id].ToList();
                var findings = entry is null ? [] : Findings(entry.Findings);
                var (model, seriesName) = kind == "model-trend"
                    ? SplitTrend(subject.Newest.Subject, stored.Select(f => f.Address).Concat(findings.Select(f => f.Address)).FirstOrDefault(), models)
                    : (subject.Newest.Subject, "");
                Add("tollgate_model_report_verdict", [("model", model), ("kind", shortKind), .. Trend(kind, seriesName), ("verdict", subject.Newest.Verdict)], 1);
                if (entry is null)
                {
                    continue;
                }

                index++; // the entry's place in judged: the judged entries are the subjects' own, in their order
                Add("tollgate_model_report_timestamp_seconds", [("model", model), ("kind", shortKind), .. Trend(kind, seriesName)], entry.RecordedAt.ToUnixTimeMilliseconds() / 1000.0);
                if (Omitted(entry.Summary) is { } omitted)
                {
                    Add("tollgate_model_figures_omitted", [("model", model), ("kind", shortKind)], omitted);
                }

                foreach (var figure in stored)
                {
                    if (kind == "model-trend")
                    {
                        Add(TrendMeasures[figure.Measure], [("model", model), ("series", seriesName.Length > 0 ? seriesName : figure.Address)], figure.Value);
                    }
                    else
                    {
                        Add($"tollgate_model_{shortKind}_{DriftMeasures[figure.Measure]}", [("model", model), ("feature", figure.Address), ("slice", figure.Slice)], figure.Value);
                    }
                }

                var count = 0;
                foreach (var finding in findings)
                {
                    count++;
                    if (stored.Count > 0 || index >= cut)
                    {
                        continue;
                    }

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
            .Append("tollgate_model_gauges_dropped_series ").Append(dropped.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("# HELP tollgate_model_gauges_dropped_subjects Models (subjects) past the cap per kind, none of whose gauges are exported\n# TYPE tollgate_model_gauges_dropped_subjects gauge\n")
            .Append("tollgate_model_gauges_dropped_subjects ").Append(droppedSubjects.ToString(CultureInfo.InvariantCulture)).Append('\n');
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

    /// <summary>
    /// A trend subject: <c>MODEL#SERIES</c> when the command had <c>--model</c> (a model name has no <c>#</c>), else the
    /// series as given, whose file name may hold a <c>#</c>: then the model is empty and the series is the subject.
    /// <paramref name="series"/> is the series' name as the report recorded it (a figure's or a finding's address):
    /// the subject is <c>MODEL#SERIES</c> only when it ends in <c>#</c> and that name. Without one (a report with
    /// neither: it only ever held) a subject is split at its first <c>#</c> when the name before it is one of
    /// <paramref name="models"/>, the models the ledger knows (<c>trend --model</c> refuses any other name).
    /// </summary>
    internal static (string Model, string Series) SplitTrend(string subject, string? series, IReadOnlySet<string> models)
    {
        var at = subject.IndexOf('#', StringComparison.Ordinal);
        if (at <= 0)
        {
            return ("", subject);
        }

        var rest = subject[(at + 1)..];
        var named = series is null ? models.Contains(subject[..at]) : rest == series;
        return named ? (subject[..at], rest) : ("", subject);
    }

    /// <summary>The names before the first <c>#</c> of the trend subjects that only ever held: whether each is a model, the ledger says.</summary>
    public static IEnumerable<string> HeldTrendModels(ModelSubjects trends) =>
        trends.Subjects.Where(s => s.Judged is null && s.Newest.Subject.IndexOf('#', StringComparison.Ordinal) > 0)
            .Select(s => s.Newest.Subject[..s.Newest.Subject.IndexOf('#', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal);

    private static int IndexOf(IReadOnlyList<LedgerEntry> judged, long id)
    {
        for (var i = 0; i < judged.Count; i++)
        {
            if (judged[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

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

    /// <summary>The report's <c>figuresOmitted</c> count from its stored summary, or null when it has none.</summary>
    private static long? Omitted(string summary)
    {
        try
        {
            using var document = JsonDocument.Parse(summary);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("figuresOmitted", out var value)
                && value.TryGetInt64(out var count) ? count : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Value(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);
}
