using System.Globalization;
using Tollgate.Domain;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Promotion;

/// <summary>
/// Reads a KPI spec:
/// <code>
/// kpi: conversion          # a name for reports
/// column: converted        # per-request KPI value in the prediction log
/// direction: higher        # higher | lower is better
/// maxDrop: 0.01            # or maxDropAbsolute: 0.002
/// alpha: 0.05
/// minSamples: 200
/// sliceBy: [region]
/// versionColumn: model_version
/// prometheus:             # instead of a log: read the KPI per version from Prometheus
///   url: http://prometheus:9090
///   window: 1h
///   requests: 'sum by (region) (increase(model_requests_total{model="{{model}}",version="{{version}}"}[{{window}}]))'
///   total: 'sum by (region) (increase(model_conversions_total{model="{{model}}",version="{{version}}"}[{{window}}]))'
///   totalSquares: '…'      # only for a KPI that is not 0/1 per request
///   timeout: 10s
/// </code>
/// Unknown keys are errors naming their line, so a typo never silently loosens the gate.
/// </summary>
public static class KpiSpecLoader
{
    private static readonly string[] Keys = ["kpi", "column", "direction", "maxDrop", "maxDropAbsolute", "alpha", "minSamples", "sliceBy", "versionColumn", "prometheus"];

    private static readonly string[] PrometheusKeys = ["url", "window", "requests", "total", "totalSquares", "timeout"];

    public static KpiSpec Load(string path, string shown)
    {
        // Text that is not YAML: "file:line:column: not valid YAML: reason", as every YAML input says it.
        var document = new YamlErrors(shown).Root(Domain.Inputs.InputFile.ReadText(path, shown, 1 << 20));

        if (document is not YamlMappingNode root)
        {
            throw new InvalidInputException($"{shown}: expected a mapping with kpi, column, direction and maxDrop");
        }

        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } k } || !Keys.Contains(k, StringComparer.Ordinal))
            {
                throw new InvalidInputException($"{shown}:{key.Start.Line}: unknown key '{key}'" + Known(key, Keys));
            }
        }

        var direction = Text(root, "direction", shown) ?? "higher";
        var queries = root.Children.TryGetValue(new YamlScalarNode("prometheus"), out var prometheus) ? Queries(prometheus, shown) : null;
        var column = Text(root, "column", shown) ?? (queries is null ? Required("column", shown) : "");
        var spec = new KpiSpec(Text(root, "kpi", shown) ?? Required("kpi", shown), column)
        {
            Prometheus = queries,
            HigherIsBetter = direction switch
            {
                "higher" => true,
                "lower" => false,
                _ => throw new InvalidInputException($"{shown}: direction '{direction}': expected higher or lower"),
            },
            MaxDrop = Number(root, "maxDrop", shown, 0, 1) ?? 0,
            MaxDropAbsolute = Number(root, "maxDropAbsolute", shown, 0, double.MaxValue),
            Alpha = Number(root, "alpha", shown, 1e-9, 0.5) ?? 0.05,
            MinSamples = (int)(Number(root, "minSamples", shown, 2, 1e9) ?? 200),
            VersionColumn = Text(root, "versionColumn", shown) ?? "model_version",
            Path = shown,
        };
        if (root.Children.TryGetValue(new YamlScalarNode("sliceBy"), out var slices))
        {
            spec = spec with
            {
                SliceBy = slices is YamlSequenceNode list
                    ? list.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new InvalidInputException($"{shown}:{c.Start.Line}: sliceBy holds column names")).ToList()
                    : throw new InvalidInputException($"{shown}:{slices.Start.Line}: sliceBy is a list of column names"),
            };
        }

        return Consistent(spec, root, shown);
    }

    /// <summary>
    /// Refuses what a spec says twice or not at all, which the judge would otherwise settle silently: both allowed losses
    /// (the absolute one won), neither or a zero one (a loss of 0, where an equal canary is never shown non-inferior: a
    /// hold for ever, with a mixture τ of 0), and
    /// the KPI column named as the version or a slice.
    /// </summary>
    private static KpiSpec Consistent(KpiSpec spec, YamlMappingNode root, string shown)
    {
        var drop = root.Children.ContainsKey(new YamlScalarNode("maxDrop"));
        var absolute = root.Children.ContainsKey(new YamlScalarNode("maxDropAbsolute"));
        if (drop && absolute)
        {
            throw new InvalidInputException($"{shown}: maxDrop and maxDropAbsolute both say how much {spec.Name} may drop: give one (maxDrop a share of the live value, maxDropAbsolute an amount)");
        }

        if (!drop && !absolute)
        {
            throw new InvalidInputException($"{shown}: how much {spec.Name} may drop is missing: give maxDrop (a share of the live value, e.g. 0.01) or maxDropAbsolute (an amount)");
        }

        if ((absolute ? spec.MaxDropAbsolute : spec.MaxDrop) == 0)
        {
            // A zero allowance is another question (is the candidate better?), which holds an equal candidate for ever, and
            // leaves the mixture tests without their scale (τ is the allowed loss): refused, not judged with a τ said nowhere.
            throw new InvalidInputException($"{shown}: {(absolute ? "maxDropAbsolute" : "maxDrop")}: 0 allows no loss at all, so only a candidate shown better than the live one could be promoted (an equal one holds for ever) and the tests have no scale (their τ is the allowed loss): give the smallest loss that does not matter, e.g. {(absolute ? "maxDropAbsolute: 0.001" : "maxDrop: 0.01 (1% of the live value)")}");
        }

        if (spec.Column.Length > 0 && spec.Column == spec.VersionColumn)
        {
            throw new InvalidInputException($"{shown}: column and versionColumn are both '{spec.Column}': the KPI's column cannot be the one naming each request's version");
        }

        if (spec.SliceBy.FirstOrDefault(c => c == spec.VersionColumn || (spec.Column.Length > 0 && c == spec.Column)) is { } slice)
        {
            throw new InvalidInputException($"{shown}: sliceBy names '{slice}', the {(slice == spec.VersionColumn ? "version column" : "KPI's column")}: slice by the columns that segment the traffic, such as region");
        }

        return spec;
    }

    /// <summary>"; did you mean 'maxDrop'?" for a near miss, else the keys the mapping takes.</summary>
    private static string Known(YamlNode key, IReadOnlyList<string> known) =>
        KeySuggestion.Hint((key as YamlScalarNode)?.Value ?? "", known);

    private static KpiQueries Queries(YamlNode node, string shown)
    {
        if (node is not YamlMappingNode map)
        {
            throw new InvalidInputException($"{shown}:{node.Start.Line}: prometheus is a mapping with window, requests and total");
        }

        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } k } || !PrometheusKeys.Contains(k, StringComparer.Ordinal))
            {
                throw new InvalidInputException($"{shown}:{key.Start.Line}: unknown key 'prometheus.{key}'" + Known(key, PrometheusKeys));
            }
        }

        var requests = Query(map, "requests", shown) ?? Required("prometheus.requests", shown);
        var total = Query(map, "total", shown) ?? Required("prometheus.total", shown);
        Uri? url = null;
        if (Text(map, "url", shown) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new InvalidInputException($"{shown}: prometheus.url {Canary.Sources.PrometheusUrl.RedactText(text)} is not an http(s) URL");
        }

        return new KpiQueries(requests, total, Duration(map, "window", shown) ?? Required<TimeSpan>("prometheus.window", shown))
        {
            TotalSquares = Query(map, "totalSquares", shown),
            Url = url,
            Timeout = Duration(map, "timeout", shown) ?? TimeSpan.FromSeconds(10),
        };
    }

    private static string? Query(YamlMappingNode map, string key, string shown)
    {
        var text = Text(map, key, shown);
        if (text is not null && KpiQueries.Unknown(text).FirstOrDefault() is { } unknown)
        {
            throw new InvalidInputException($"{shown}: prometheus.{key} uses {{{{{unknown}}}}}; known placeholders: {string.Join(", ", KpiQueries.Placeholders.Select(p => "{{" + p + "}}"))}");
        }

        if (text is not null && !text.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{shown}: prometheus.{key} does not name the version ({{{{version}}}}): it would read the same series for the candidate and the live model");
        }

        return text;
    }

    private static TimeSpan? Duration(YamlMappingNode map, string key, string shown) =>
        Text(map, key, shown) is not { } text ? null
        : Canary.Spec.PromDuration.TryParse(text, out var span) ? span
        : throw new InvalidInputException($"{shown}: prometheus.{key} '{text}' is not a Prometheus duration (90s, 10m, 1h)");

    private static T Required<T>(string key, string shown) => throw new InvalidInputException($"{shown}: '{key}' is required");

    private static string Required(string key, string shown) => throw new InvalidInputException($"{shown}: '{key}' is required");

    private static string? Text(YamlMappingNode root, string key, string shown) =>
        !root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? null
        : node is YamlScalarNode { Value: { Length: > 0 } value } ? value
        : throw new InvalidInputException($"{shown}:{node.Start.Line}: '{key}' must be a non-empty text");

    private static double? Number(YamlMappingNode root, string key, string shown, double low, double high)
    {
        if (Text(root, key, shown) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high)
        {
            return value;
        }

        // Written as a person would (0.000000001, not 1E-09; no upper bound rather than 1.7976931348623157E+308).
        static string Plain(double v) => v.ToString("0.#########", CultureInfo.InvariantCulture);
        var line = root.Children[new YamlScalarNode(key)].Start.Line;
        throw new InvalidInputException(high == double.MaxValue
            ? $"{shown}:{line}: '{key}: {text}' must be a number of at least {Plain(low)}"
            : $"{shown}:{line}: '{key}: {text}' must be a number from {Plain(low)} to {Plain(high)}");
    }
}
