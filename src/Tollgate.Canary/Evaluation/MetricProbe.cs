using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// What the evaluator asks the source about a metric name, beside the spec's queries: whether any series of that name
/// exists at all, and the labels one of a group's series carries. Both are instant queries at the window's end over
/// the window, at least the spec's whole window (<c>last_over_time</c>; a watch's first look is one interval, which a
/// slow scrape can miss), so they go through the same source as the queries: retried, recorded with <c>--record</c>
/// and answered again by <c>--replay</c>. A name is asked about once per evaluation.
/// </summary>
internal sealed class MetricProbe(IMetricSource source, EvaluationWindow window, TimeSpan atLeast, Func<MetricResponse, MetricResponse> check)
{
    private readonly TimeSpan _span = window.End - window.Start > atLeast ? window.End - window.Start : atLeast;

    private readonly Dictionary<string, MetricResponse> _counts = new(StringComparer.Ordinal);

    /// <summary>The span asked about: the window, or the spec's whole window when the window is shorter.</summary>
    public TimeSpan Span => _span;

    /// <summary>How many series named <paramref name="name"/> had a sample in the last <paramref name="span"/>: no answer at all when none did.</summary>
    public static string CountQuery(string name, TimeSpan span) => $"count(last_over_time({Selector(name, null)}[{PromDuration.Format(span)}]))";

    /// <summary>One series named <paramref name="name"/> that the group's matchers select, with all its labels.</summary>
    public static string OneSeriesQuery(string name, string selector, TimeSpan span) => $"topk(1, last_over_time({Selector(name, selector)}[{PromDuration.Format(span)}]))";

    /// <summary>
    /// The names of <paramref name="names"/> of which the source has no series over the window; when it could not
    /// answer for one, why (the names are then unknown, not missing).
    /// </summary>
    public async Task<(IReadOnlyList<string> Missing, string? Unavailable)> MissingAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (!_counts.TryGetValue(name, out var answer))
            {
                answer = check(await source.InstantAsync(CountQuery(name, _span), window.End, cancellationToken));
                _counts[name] = answer;
            }

            if (answer.Unavailable is { } reason)
            {
                return ([], reason);
            }

            if (answer.Series.Count == 0)
            {
                missing.Add(name);
            }
        }

        return (missing, null);
    }

    /// <summary>The label names (without <c>__name__</c>) of one series named <paramref name="name"/> under <paramref name="selector"/>; null when the source has none or cannot say.</summary>
    public async Task<IReadOnlyList<string>?> LabelsAsync(string name, string selector, CancellationToken cancellationToken)
    {
        var answer = check(await source.InstantAsync(OneSeriesQuery(name, selector, _span), window.End, cancellationToken));
        return answer.Unavailable is null && answer.Series.Count > 0
            ? [.. answer.Series[0].Labels.Keys.Where(k => k != "__name__").Order(StringComparer.Ordinal)]
            : null;
    }

    /// <summary><c>{__name__="name", matchers}</c>: any metric name, quoted as PromQL quotes strings.</summary>
    private static string Selector(string name, string? matchers)
    {
        var quoted = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
        return string.IsNullOrWhiteSpace(matchers) ? $"{{__name__={quoted}}}" : $"{{__name__={quoted}, {matchers}}}";
    }
}
