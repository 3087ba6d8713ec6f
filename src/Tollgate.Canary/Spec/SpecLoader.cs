using System.Globalization;
using Tollgate.Domain;
using Tollgate.Domain.Statistics;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Canary.Spec;

/// <summary>
/// Loads a canary spec from YAML and validates it at load: unknown fields, missing groups, bad durations, bad PromQL
/// placeholders and queries that lose the slice labels are errors that name the file and line
/// (<see cref="InvalidInputException"/>, exit 3). The text is read up to <see cref="MaxBytes"/> and its nesting checked
/// (<see cref="YamlText"/>) before any node is built; text that is not YAML is <see cref="YamlErrors"/>' one line with
/// its line and column, as for a policy or a manifest.
/// </summary>
public static class SpecLoader
{
    private static readonly string[] TopFields =
        ["prometheus", "window", "interval", "minSamples", "groups", "sliceBy", "metrics", "confidence", "correction", "timeout"];

    /// <summary>Prometheus refuses a range query of more than 11,000 points per series.</summary>
    private const long MaxSteps = 11_000;

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>A spec is a few hundred bytes; anything near this is not one.</summary>
    public const long MaxBytes = 16L << 20;

    public static CanarySpec Load(string path, SpecUse use = SpecUse.Canary)
    {
        return Parse(Domain.Inputs.InputFile.ReadText(path, path, MaxBytes), path, use);
    }

    /// <summary>
    /// The line for a window of more looks than <see cref="GroupSequential.MaxLooks"/>, with the shortest interval that
    /// divides the window into at most that many (in whole milliseconds, as Prometheus steps are).
    /// </summary>
    public static string TooManyLooks(TimeSpan window, TimeSpan interval)
    {
        var looks = window.Ticks / interval.Ticks;
        var n = GroupSequential.MaxLooks;
        while (n > 1 && (window.Ticks % n != 0 || window.Ticks / n % TimeSpan.TicksPerMillisecond != 0))
        {
            n--;
        }

        return $"window {PromDuration.Format(window)} / interval {PromDuration.Format(interval)} is {looks:N0} looks; at most "
            + $"{GroupSequential.MaxLooks} are supported (the alpha spending's levels are computed at each call's start, too slowly beyond): lengthen interval to at least "
            + PromDuration.Format(TimeSpan.FromTicks(window.Ticks / n));
    }

    public static CanarySpec Parse(string text, string path, SpecUse use = SpecUse.Canary)
    {
        var document = new YamlErrors(path).Root(text);
        if (document is not YamlMappingNode root)
        {
            throw new InvalidInputException($"{path}:1: a canary spec is a YAML mapping (prometheus, window, interval, groups, metrics, …)");
        }

        var reader = new SpecNodes(path);
        reader.RejectUnknown(root, TopFields, "the spec");
        var window = reader.Duration(root, "window", required: true);
        var interval = reader.Duration(root, "interval", required: true);
        if (window.Ticks % interval.Ticks != 0 || window < interval)
        {
            throw reader.Error(root, "interval", $"window {PromDuration.Format(window)} must be a whole number of intervals of {PromDuration.Format(interval)}");
        }

        if (window.Ticks / interval.Ticks > MaxSteps)
        {
            throw reader.Error(root, "interval", $"window {PromDuration.Format(window)} is {window.Ticks / interval.Ticks:N0} intervals of {PromDuration.Format(interval)}; Prometheus answers at most {MaxSteps:N0} points per series: use a longer interval");
        }

        if (window.Ticks / interval.Ticks > GroupSequential.MaxLooks)
        {
            throw reader.Error(root, "interval", TooManyLooks(window, interval));
        }

        var (baseline, canary, notes) = use == SpecUse.Deploy ? DeployGroups(reader, root) : CanaryGroups(reader, root, window, interval);
        var sliceBy = reader.TextList(root, "sliceBy");
        foreach (var label in sliceBy.Where(l => !IsLabelName(l)))
        {
            throw reader.Error(root, "sliceBy", $"'{label}' is not a Prometheus label name");
        }

        foreach (var label in sliceBy.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            throw reader.Error(root, "sliceBy", $"'{label}' is in sliceBy twice: each label slices once");
        }

        var spec = new CanarySpec(
            path,
            reader.Url(root, "prometheus"),
            window,
            interval,
            reader.Integer(root, "minSamples") ?? 200,
            baseline,
            canary,
            sliceBy,
            Metrics(reader, root, sliceBy))
        {
            Confidence = reader.Number(root, "confidence") ?? 0.99,
            Correction = reader.Text(root, "correction") switch
            {
                null or "holm" => Correction.Holm,
                "bh" or "benjamini-hochberg" => Correction.BenjaminiHochberg,
                var other => throw reader.Error(root, "correction", $"correction '{other}' is not holm or bh"),
            },
            Timeout = root.Children.ContainsKey("timeout") ? reader.Duration(root, "timeout", required: false) : TimeSpan.FromSeconds(10),
            Text = text,
            Notes = notes,
        };
        if (spec.Timeout > MaxTimeout)
        {
            throw reader.Error(root, "timeout", $"timeout {PromDuration.Format(spec.Timeout)} is out of range: at most {PromDuration.Format(MaxTimeout)} per query");
        }

        if (spec.Confidence is <= 0.5 or >= 1)
        {
            throw reader.Error(root, "confidence", "confidence must be between 0.5 and 1 (e.g. 0.95)");
        }

        if (spec.MinSamples < 1)
        {
            throw reader.Error(root, "minSamples", "minSamples must be at least 1");
        }

        return spec;
    }

    private static (string Baseline, string Canary, IReadOnlyList<string> Notes) CanaryGroups(SpecNodes reader, YamlMappingNode root, TimeSpan window, TimeSpan interval)
    {
        var groups = reader.Mapping(root, "groups", required: true)!;
        reader.RejectUnknown(groups, ["baseline", "canary"], "groups");
        var baseline = reader.Text(groups, "baseline", required: true)!;
        var canary = reader.Text(groups, "canary", required: true)!;
        if (baseline == canary)
        {
            throw reader.Error(groups, "canary", "groups.canary selects the same series as groups.baseline");
        }

        foreach (var unknown in GroupSelectors.Used(new CanarySpec(reader.Path, null, window, interval, 1, baseline, canary, [], [])).Except(GroupSelectors.Placeholders))
        {
            throw reader.Error(groups, "baseline", $"unknown placeholder {{{{{unknown}}}}} in groups (expected {{{{stableHash}}}} or {{{{latestHash}}}})");
        }

        return (baseline, canary, []);
    }

    /// <summary>
    /// A deploy watch's baseline is the service itself before the deploy (the watch sends <c>groups.canary</c> shifted
    /// back), so only <c>groups.canary</c> is needed. A <c>groups.baseline</c>, which every deploy spec needed before, is
    /// accepted with a note rather than refused: it is never read, and refusing it would fail every existing deploy.
    /// </summary>
    private static (string Baseline, string Canary, IReadOnlyList<string> Notes) DeployGroups(SpecNodes reader, YamlMappingNode root)
    {
        var groups = reader.Mapping(root, "groups", required: true)!;
        reader.RejectUnknown(groups, ["canary", "baseline"], "groups");
        var canary = reader.Text(groups, "canary", required: true, where: "groups (the service's selector; a deploy watch's baseline is the same service before the deploy)")!;
        var used = GroupSelectors.Used(new CanarySpec(reader.Path, null, TimeSpan.Zero, TimeSpan.Zero, 1, "", canary, [], [])).FirstOrDefault();
        if (used is not null)
        {
            throw reader.Error(groups, "canary", $"groups.canary uses {{{{{used}}}}}, which a deploy watch has nothing to fill in (it is a rollout's pod-template hash for tollgate canary and serve): select the service itself");
        }

        if (!groups.Children.TryGetValue(new YamlScalarNode("baseline"), out var baseline))
        {
            return (canary, canary, []);
        }

        return (canary, canary, [$"{reader.Path}:{baseline.Start.Line}: groups.baseline is not read: a deploy watch's baseline is the same service before the deploy (groups.canary over as long a span just before it); remove groups.baseline"]);
    }

    private static List<MetricSpec> Metrics(SpecNodes reader, YamlMappingNode root, IReadOnlyList<string> sliceBy)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("metrics"), out var node) || node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw reader.Error(root, "metrics", "metrics: at least one metric is required");
        }

        var metrics = new List<MetricSpec>();
        foreach (var item in list)
        {
            if (item is not YamlMappingNode m)
            {
                throw new InvalidInputException($"{reader.Path}:{item.Start.Line}: each metric is a mapping with name, type and queries");
            }

            var metric = MetricReader.Read(reader, m, sliceBy, root.Children.TryGetValue(new YamlScalarNode("sliceBy"), out var slices) ? (int)slices.Start.Line : 0);
            if (metrics.Any(x => x.Name == metric.Name))
            {
                throw reader.Error(m, "name", $"metric '{metric.Name}' is defined twice");
            }

            metrics.Add(metric);
        }

        return metrics;
    }

    internal static bool IsLabelName(string label) =>
        label.Length > 0 && (char.IsAsciiLetter(label[0]) || label[0] == '_') && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
