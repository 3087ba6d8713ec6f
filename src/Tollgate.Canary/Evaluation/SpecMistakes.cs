using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Yaml;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// Mistakes of a spec that only the source's answers show, each found from what the evaluator has already asked (or one
/// probe more) and said in one line naming the spec, the metric, the query and what to fix: a query whose metric has
/// no series at all or a label its matchers require that none of its series carries (an errors query's empty answer
/// would read as zero errors, any other's hold forever), a sliceBy label that no series of an answer carries (every slice would hold), and two groups that answer the same series (the canary would be judged against
/// itself: every answer the same, value for value, with counts that vary from step to step as only real traffic's do).
/// </summary>
internal static class SpecMistakes
{
    /// <summary>The first of <paramref name="sliceBy"/> that none of <paramref name="series"/> carries; null when each is on one at least.</summary>
    public static string? LabelOnNoSeries(IReadOnlyList<string> sliceBy, IReadOnlyList<MetricSeries> series) =>
        series.Count == 0 ? null : sliceBy.FirstOrDefault(l => !series.Any(s => s.Labels.ContainsKey(l)));

    /// <summary>True when both answers hold the same series (label sets) with the same points, value for value.</summary>
    public static bool SameSeries(MetricResponse baseline, MetricResponse canary)
    {
        if (baseline.Series.Count != canary.Series.Count)
        {
            return false;
        }

        var points = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
        foreach (var series in baseline.Series)
        {
            points[AnswerCheck.Signature(series)] = series.Points;
        }

        return canary.Series.All(s => points.TryGetValue(AnswerCheck.Signature(s), out var other) && other.SequenceEqual(s.Points));
    }

    /// <summary>
    /// True when an answer's counts vary from step to step, as real traffic's do: two such answers that are the same
    /// value for value come from the same series. Two constant answers may agree by chance (synthetic traffic at one
    /// rate), so they prove nothing.
    /// </summary>
    public static bool Varies(MetricResponse answer) => answer.Series.Any(s => s.Points.Any(p => p.Value != s.Points[0].Value));

    /// <summary>
    /// The line for a query whose metric names have no series from <paramref name="from"/> to <paramref name="to"/> nor in
    /// the day before (the last-seen probe's reach, so no "stopped at" time can be named): the
    /// names, a near name of the spec's other queries, the query. For errors the empty answer would read as zero errors;
    /// for the others every slice would hold for lack of data, look after look.
    /// </summary>
    public static string MetricMissing(CanarySpec spec, MetricSpec metric, string field, QueryTemplate template, IReadOnlyList<string> missing,
        DateTimeOffset from, DateTimeOffset to, IEnumerable<string> known)
    {
        var names = string.Join(", ", missing);
        var near = missing.Select(m => KeySuggestion.For(m, known.Where(k => k != m))).FirstOrDefault(n => n is not null);
        var meaning = field == "errors"
            ? "so the query's empty answer is not zero errors but a metric without series"
            : "so the query can never answer and every slice would hold for lack of data";
        var fix = field == "errors" ? "check the name, or have the service export the counter from the start, at 0" : "check the name";
        return $"{spec.Path}:{template.Line}: metric '{metric.Name}' {field}: the source has no series named {names} between "
            + $"{Rfc3339.Format(from)} and {Rfc3339.Format(to)} nor in the day before (a misspelt name, or a service or scrape down for over a day), {meaning}"
            + (near is null ? "" : $"; did you mean {near}?")
            + $" ({fix}): {PrometheusResponse.Excerpt(template.Text)}";
    }

    /// <summary>
    /// The reason a slice holds when the metric had series before the window and none in it: "errors: no series of
    /// http_requests_total since 2026-11-01T10:30:00Z (none from … to …): is the service, or its scrape, down?".
    /// </summary>
    public static string MetricStopped(string field, string name, DateTimeOffset last, DateTimeOffset from, DateTimeOffset to) =>
        $"{field}: no series of {name} since {Rfc3339.Format(last)} (none from {Rfc3339.Format(from)} to {Rfc3339.Format(to)}): is the service, or its scrape, down?";

    /// <summary>
    /// The reason when the metric has no series in the window and the source did not answer when it last had one (the
    /// day's scan): down, or out of the answer budget, which names what to raise. Never "no series": that is unknown.
    /// </summary>
    public static string LastSeenUnanswered(string field, string name, MetricResponse answer, DateTimeOffset from, DateTimeOffset to) =>
        $"{field}: no series of {name} from {Rfc3339.Format(from)} to {Rfc3339.Format(to)}, and the source did not answer when it last had one "
        + $"(a scan of the day before), so whether the name exists is unknown: {answer.Unavailable}"
        + (answer.BudgetSpent ? " (the day's scan can take longer than the budget: raise tollgate serve's --answer-budget)" : "");

    /// <summary>
    /// The reason a slice holds when the metric has no series in the window nor in the day before, but has some now: the
    /// window is older than the source's data (a deploy watched weeks after it, past the retention), or than the metric.
    /// </summary>
    public static string MetricWithoutPoints(string field, string name, DateTimeOffset from, DateTimeOffset to) =>
        $"{field}: the source has series named {name} now but no points between {Rfc3339.Format(from)} and {Rfc3339.Format(to)} nor in the day before "
        + "(older than the source's oldest data, or than the metric?)";

    /// <summary>The reason a slice holds when <see cref="MetricMissing"/> is not an error (a deploy watch).</summary>
    public static string MetricMissingReason(string field, IReadOnlyList<string> missing) =>
        $"{field}: the source has no series named {string.Join(", ", missing)} ("
        + (field == "errors" ? "a metric name that does not exist, not zero errors)" : "a metric name that does not exist)");

    /// <summary>
    /// The line for a query whose <paramref name="matcher"/> requires a label that no series named <paramref name="name"/>
    /// carries from <paramref name="from"/> to <paramref name="to"/>: the labels one of its series carries, when known, and
    /// the nearest of them, the query. For errors the empty answer would read as zero errors; for the others every slice
    /// would hold for lack of data, look after look.
    /// </summary>
    public static string LabelMissing(CanarySpec spec, MetricSpec metric, string field, QueryTemplate template, string name, LabelMatcher matcher,
        IReadOnlyList<string>? carried, DateTimeOffset from, DateTimeOffset to)
    {
        var near = carried is null ? null : KeySuggestion.For(matcher.Name, carried.Where(c => c != matcher.Name));
        var meaning = field == "errors"
            ? "so the query's empty answer is not zero errors but a label that does not exist"
            : "so the query can never answer and every slice would hold for lack of data";
        return $"{spec.Path}:{template.Line}: metric '{metric.Name}' {field}: no series of {name} carries the label '{matcher.Name}' that {matcher} requires between "
            + $"{Rfc3339.Format(from)} and {Rfc3339.Format(to)} nor in the day before (a misspelt label, or a service or scrape down for over a day), {meaning}"
            + (carried is null ? "" : $"; {name}'s series carry {Listed(carried)}")
            + (near is null ? "" : $"; did you mean '{near}'?")
            + $" (check the label name): {PrometheusResponse.Excerpt(template.Text)}";
    }

    /// <summary>The reason a slice holds when <see cref="LabelMissing"/> is not an error (a deploy watch).</summary>
    public static string LabelMissingReason(string field, string name, string label) =>
        $"{field}: no series of {name} carries the label '{label}' ("
        + (field == "errors" ? "a label name that does not exist, not zero errors)" : "a label name that does not exist)");

    /// <summary>The note of a replay whose recording lacks the answers to <paramref name="unrecorded"/>: what is then unknown.</summary>
    public static string ProbesNotRecorded(IReadOnlyList<string> unrecorded) =>
        $"the recording has no answer to {(unrecorded.Count == 1 ? "a question" : $"{unrecorded.Count} questions")} Tollgate asks beside the spec's queries "
        + $"(recorded before it asked them; first: {PrometheusResponse.Excerpt(unrecorded[0])}): whether an empty answer's metric exists, or its series carry "
        + "the labels the query requires, is unknown, so an empty errors answer was read as zero errors and any other as no data";

    /// <summary>The line for a sliceBy label on none of an answer's series: the labels they carry and, when <paramref name="raw"/> is known, those of one of the metric's series in the group, with the nearest.</summary>
    public static string SliceLabelMissing(CanarySpec spec, MetricSpec metric, string field, QueryTemplate template, bool canary, string label,
        IReadOnlyList<MetricSeries> series, (string Name, IReadOnlyList<string> Labels)? raw)
    {
        var carried = series.SelectMany(s => s.Labels.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var candidates = raw?.Labels ?? carried;
        var near = KeySuggestion.For(label, candidates.Where(c => c != label && !spec.SliceBy.Contains(c)));
        var rawText = raw is { } r ? $"; {r.Name}'s series carry {Listed(r.Labels)}" : "";
        return $"{spec.Path}:{template.Line}: sliceBy label '{label}' is on none of the {series.Count} series the {field} query of metric '{metric.Name}' "
            + $"answered for the {(canary ? "canary" : "baseline")} (they carry {Listed(carried)}){rawText}"
            + (near is null ? "" : $"; did you mean '{near}'?")
            + ": slice by labels the series carry, and keep them in each query's by (…)";
    }

    /// <summary>The line for two groups whose every answer was the same series, value for value.</summary>
    public static string GroupsSelectTheSameSeries(CanarySpec spec) =>
        $"{spec.Path}: groups.baseline ({spec.BaselineSelector}) and groups.canary ({spec.CanarySelector}) select the same series: every query answered both "
        + "groups with the same series and values, so the canary would be judged against itself; groups.canary must match the canary's pods only";

    /// <summary>Why a window whose canary ran all of it is still not complete: the baseline did not.</summary>
    public const string BaselineStartedLater =
        "the baseline had no traffic in the window's first interval while the canary had: the baseline has not run the whole window "
        + "(a baseline that started after its canary: are groups.baseline and groups.canary swapped?)";

    private static string Listed(IReadOnlyList<string> labels) => labels.Count == 0 ? "no labels" : string.Join(", ", labels);
}
