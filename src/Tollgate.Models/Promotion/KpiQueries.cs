using System.Text.RegularExpressions;

namespace Tollgate.Models.Promotion;

/// <summary>
/// Where a KPI spec reads the business number from Prometheus instead of a prediction log: per model version, the
/// requests it served (<see cref="Requests"/>), the KPI summed over them (<see cref="Total"/>) and, for a KPI that is
/// not 0/1 per request, the sum of squares (<see cref="TotalSquares"/>), each over the last <see cref="Window"/>.
/// Queries name the version as <c>{{version}}</c>, and may use <c>{{model}}</c> and <c>{{window}}</c>; the labels a
/// query keeps (<c>sum by (region)</c>) are the slices.
/// </summary>
public sealed partial record KpiQueries(string Requests, string Total, TimeSpan Window)
{
    public static readonly IReadOnlyList<string> Placeholders = ["version", "model", "window"];

    /// <summary>Sum of the squared per-request KPI; null: the KPI is a proportion (each request 0 or 1).</summary>
    public string? TotalSquares { get; init; }

    /// <summary>The spec's Prometheus; <c>--prometheus-url</c> wins over it.</summary>
    public Uri? Url { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The query with its placeholders filled in for one version. The version and model go inside a label matcher's
    /// double-quoted string (<c>version="{{version}}"</c>), so their <c>\</c>, <c>"</c> and line breaks are escaped by PromQL's string
    /// rules: a version such as <c>9",version=~".+</c> stays one value and cannot widen the selector.
    /// </summary>
    public static string Render(string template, string model, string version, TimeSpan window) =>
        Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "version" => Escape(version),
            "model" => Escape(model),
            _ => Canary.Spec.PromDuration.Format(window),
        });

    /// <summary>Placeholders a template uses that are not known, for the loader's error.</summary>
    public static IEnumerable<string> Unknown(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(name => !Placeholders.Contains(name));

    /// <summary>A label value as the inside of a PromQL double-quoted string.</summary>
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
