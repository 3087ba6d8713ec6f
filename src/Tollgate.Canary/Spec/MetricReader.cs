using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Canary.Spec;

/// <summary>Reads and validates one entry of <c>metrics:</c>.</summary>
internal static partial class MetricReader
{
    private static readonly string[] Fields =
        ["name", "type", "errors", "total", "buckets", "samples", "quantile", "maxRatio", "maxValue", "minSamples"];

    /// <param name="sliceByLine">The line of the spec's <c>sliceBy</c>, named when a query aggregates by a near miss of one of its labels.</param>
    public static MetricSpec Read(SpecNodes reader, YamlMappingNode m, IReadOnlyList<string> sliceBy, int sliceByLine)
    {
        reader.RejectUnknown(m, Fields, "a metric");
        var name = reader.Text(m, "name", required: true, where: "a metric")!;
        var type = reader.Text(m, "type", required: true, where: $"metric '{name}'") switch
        {
            "ratio" => MetricType.Ratio,
            "latency" => MetricType.Latency,
            "samples" => MetricType.Samples,
            var other => throw reader.Error(m, "type", $"metric '{name}': type '{other}' is not ratio, latency or samples"),
        };
        QueryTemplate? Query(string field) => reader.Located(m, field) is { } q ? new QueryTemplate(q.Text, q.Line) : null;
        var metric = new MetricSpec(name, type, (int)m.Start.Line)
        {
            Errors = Query("errors"),
            Total = Query("total"),
            Buckets = Query("buckets"),
            Samples = Query("samples"),
            Quantile = reader.Number(m, "quantile") ?? 0.99,
            MaxRatio = reader.Number(m, "maxRatio"),
            MaxValue = reader.Number(m, "maxValue"),
            MinSamples = reader.Integer(m, "minSamples"),
        };
        var required = type switch
        {
            MetricType.Ratio => new[] { "errors", "total" },
            MetricType.Latency => ["buckets"],
            _ => ["samples"],
        };
        foreach (var field in required.Where(f => !m.Children.ContainsKey(new YamlScalarNode(f))))
        {
            throw reader.Error(m, $"metric '{name}' of type {type.ToString().ToLowerInvariant()} needs a '{field}' query");
        }

        foreach (var (field, _) in metric.Queries().Where(q => !required.Contains(q.Field)))
        {
            throw reader.Error(m, field, $"metric '{name}': '{field}' does not apply to type {type.ToString().ToLowerInvariant()}");
        }

        if (metric.MaxRatio is null && metric.MaxValue is null)
        {
            throw reader.Error(m, $"metric '{name}' needs maxRatio (relative to the baseline), maxValue (the SLO) or both");
        }

        // Higher is worse for every metric type (relative rule: H0 R <= 1, estimate above maxRatio): a bound below 1
        // would call a canary that matches its baseline worse, so it could never promote.
        if (metric.MaxRatio is { } maxRatio && !(maxRatio >= 1))
        {
            throw reader.Error(m, "maxRatio",
                $"metric '{name}': 'maxRatio: {maxRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)}' must be at least 1: the canary may be at most this many times the baseline");
        }

        if (metric.MaxValue is < 0 || (type == MetricType.Ratio && metric.MaxValue is >= 1))
        {
            throw reader.Error(m, "maxValue", $"metric '{name}': maxValue must be {(type == MetricType.Ratio ? "a fraction between 0 and 1" : "non-negative")}");
        }

        if (metric.MinSamples is < 1)
        {
            throw reader.Error(m, "minSamples", $"metric '{name}': minSamples must be at least 1");
        }

        if (metric.Quantile is <= 0 or >= 1)
        {
            throw reader.Error(m, "quantile", $"metric '{name}': quantile must be between 0 and 1, e.g. 0.99");
        }

        IReadOnlyList<IReadOnlySet<string>?> siblings = [.. metric.Queries().Select(q => q.Query.GroupedBy())];
        foreach (var (field, query) in metric.Queries())
        {
            // Ratio and latency judge counts per interval; rate() (the form of most Argo and Flagger templates) answers
            // per second, a count divided by the interval's seconds, so it would be judged 60 times too small at 1m.
            if (type != MetricType.Samples && PerSecond().Match(Quoted().Replace(query.Text, "\"\"")) is { Success: true } perSecond)
            {
                throw new Domain.InvalidInputException($"{reader.Path}:{query.Line}: metric '{name}' {field}: {perSecond.Groups[1].Value}() answers per-second rates, not counts; use increase(…[{{{{interval}}}}]) (type {type.ToString().ToLowerInvariant()} judges each interval's counts)");
            }

            Validate(reader, name, field, query, (sliceBy, sliceByLine, siblings), needsLe: type == MetricType.Latency);
        }

        return metric;
    }

    private static void Validate(SpecNodes reader, string metric, string field, QueryTemplate query, (IReadOnlyList<string> Labels, int Line, IReadOnlyList<IReadOnlySet<string>?> Siblings) slicing, bool needsLe)
    {
        var sliceBy = slicing.Labels;
        string Where(string message) => $"{reader.Path}:{query.Line}: metric '{metric}' {field}: {message}";
        foreach (var placeholder in query.PlaceholderNames().Where(p => !QueryTemplate.Placeholders.Contains(p)))
        {
            throw new Domain.InvalidInputException(Where($"unknown placeholder {{{{{placeholder}}}}} (known: {{{{selector}}}}, {{{{interval}}}})"));
        }

        if (query.HasMalformedPlaceholder())
        {
            throw new Domain.InvalidInputException(Where("malformed placeholder: write {{selector}} or {{interval}}"));
        }

        if (!query.PlaceholderNames().Contains("selector"))
        {
            throw new Domain.InvalidInputException(Where("the query must contain {{selector}} so baseline and canary select different series"));
        }

        var grouped = query.GroupedBy();
        var needed = needsLe ? sliceBy.Append("le") : sliceBy;
        var missing = needed.Where(l => grouped is null || !grouped.Contains(l)).ToList();
        if (missing.Count > 0 && !query.Text.Contains("without", StringComparison.Ordinal))
        {
            throw new Domain.InvalidInputException(Where($"the query must aggregate by ({string.Join(", ", needed)}); it loses {string.Join(", ", missing)}")
                + SliceByTypo(slicing, missing, grouped));
        }
    }

    /// <summary>
    /// When a sliceBy label the query loses is a near miss of a label it aggregates by (<see cref="Tollgate.Yaml.KeySuggestion"/>):
    /// if every query of the metric aggregates by that label, the typo is in sliceBy (<c>; the query aggregates by tenant:
    /// did you mean sliceBy: tenant (line 13)?</c>), else in this query (<c>; it aggregates by tennant instead: did you
    /// mean tenant?</c>). Empty when none is near.
    /// </summary>
    private static string SliceByTypo((IReadOnlyList<string> Labels, int Line, IReadOnlyList<IReadOnlySet<string>?> Siblings) slicing, IReadOnlyList<string> missing, IReadOnlySet<string>? grouped)
    {
        if (grouped is null)
        {
            return "";
        }

        var candidates = grouped.Where(g => !slicing.Labels.Contains(g, StringComparer.Ordinal) && g != "le").Order(StringComparer.Ordinal).ToList();
        foreach (var label in missing.Where(slicing.Labels.Contains))
        {
            if (Tollgate.Yaml.KeySuggestion.For(label, candidates) is { } near)
            {
                return slicing.Siblings.All(s => s is not null && s.Contains(near))
                    ? $"; the query aggregates by {near}: did you mean sliceBy: {near}{(slicing.Line > 0 ? $" (line {slicing.Line})" : "")}?"
                    : $"; it aggregates by {near} instead: did you mean {label}?";
            }
        }

        return "";
    }

    /// <summary>A call of rate or irate (not a metric or label named so).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_:])(i?rate)\s*\(")]
    private static partial Regex PerSecond();

    /// <summary>PromQL string literals, whose text is no function call.</summary>
    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`[^`]*`")]
    private static partial Regex Quoted();
}
