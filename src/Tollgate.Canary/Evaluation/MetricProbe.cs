using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// What the evaluator asks the source about a metric name, beside the spec's queries: whether any series of that name
/// exists at all, whether any carries a label, and the labels one of a group's series carries. All are instant queries
/// at the window's end over the window, at least the spec's whole window (<c>last_over_time</c>; a watch's first look is
/// one interval, which a slow scrape can miss), so they go through the same source as the queries: retried, recorded
/// with <c>--record</c> and answered again by <c>--replay</c>. A question is asked once per evaluation, and not at all
/// when <paramref name="presence"/> already holds its yes from an earlier look. A replayed recording without the
/// answer (made before Tollgate asked the question) leaves it unasked: the mistake it looks for is then unknown, and
/// <see cref="Unrecorded"/> says which went unasked.
/// </summary>
internal sealed class MetricProbe(IMetricSource source, EvaluationWindow window, TimeSpan atLeast, Func<MetricResponse, MetricResponse> check, MetricPresence presence)
{
    private readonly TimeSpan _span = window.End - window.Start > atLeast ? window.End - window.Start : atLeast;

    private readonly Dictionary<string, MetricResponse> _answers = new(StringComparer.Ordinal);

    private readonly List<string> _unrecorded = [];

    /// <summary>The span asked about: the window, or the spec's whole window when the window is shorter.</summary>
    public TimeSpan Span => _span;

    /// <summary>The questions a replayed recording had no answer for, in the order asked.</summary>
    public IReadOnlyList<string> Unrecorded => _unrecorded;

    /// <summary>How many series named <paramref name="name"/> had a sample in the last <paramref name="span"/>: no answer at all when none did.</summary>
    public static string CountQuery(string name, TimeSpan span) => $"count(last_over_time({Selector(name, null)}[{PromDuration.Format(span)}]))";

    /// <summary>How many series named <paramref name="name"/> carrying <paramref name="label"/> had a sample in the last <paramref name="span"/>.</summary>
    public static string LabelQuery(string name, string label, TimeSpan span) =>
        $"count(last_over_time({Selector(name, LabelName(label) + "!=\"\"")}[{PromDuration.Format(span)}]))";

    /// <summary>One series named <paramref name="name"/> that the group's matchers select, with all its labels.</summary>
    public static string OneSeriesQuery(string name, string selector, TimeSpan span) => $"topk(1, last_over_time({Selector(name, selector)}[{PromDuration.Format(span)}]))";

    /// <summary>When the last sample of any series named <paramref name="name"/> was taken in the day before <c>at</c> (Unix seconds); no answer when none was.</summary>
    public static string LastSeenQuery(string name) => $"max(max_over_time(timestamp({Selector(name, null)})[1d:1m]))";

    /// <summary>
    /// When the source last had a sample named <paramref name="name"/>, in the day before the window's end: a metric
    /// that stopped (its service or scrape down), not one that never existed. <c>Seen</c> null when none, or a replayed
    /// recording lacks the answer; <c>Unanswered</c> the source's answer when it could not say (down, or the answer
    /// budget ran out on the day's scan): then nothing is known of the name, least of all that it has no series.
    /// </summary>
    public async Task<(DateTimeOffset? Seen, MetricResponse? Unanswered)> LastSeenAsync(string name, CancellationToken cancellationToken)
    {
        // Asked once for the life of the presence (a watch's, an analysis' keep): the answer is a day back, and a look
        // every interval would otherwise ask Prometheus to scan that day again each time.
        if (presence.LastSeen(name, out var known))
        {
            return (known, null);
        }

        var query = LastSeenQuery(name);
        var answer = check(await source.InstantAsync(query, window.End, cancellationToken));
        if (answer.NotRecorded)
        {
            _unrecorded.Add(query);
        }

        if (answer.Unavailable is not null)
        {
            return (null, answer);
        }

        if (answer.NotRecorded)
        {
            return (null, null);
        }

        DateTimeOffset? seen = answer.Series is [{ Points: [.., var last] }, ..] && double.IsFinite(last.Value)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(last.Value * 1000))
            : null;
        presence.Seen(name, seen);
        return (seen, null);
    }

    /// <summary>
    /// Whether series named <paramref name="name"/> had a sample in the day before the present (the presence's clock),
    /// asked only of a window that ended at least a span ago (a past deploy's watch, an analysis of an old window): a
    /// metric the source has now but not in the window nor the day before it is no misspelt name, the window is older
    /// than the source's data (or than the metric). Null when not asked, or unknown (the source could not say, or a
    /// replayed recording lacks the answer: asked at the present, it cannot have been recorded for a later replay).
    /// </summary>
    public async Task<bool?> PresentNowAsync(string name, CancellationToken cancellationToken)
    {
        var now = presence.Now;
        if (now - window.End < _span)
        {
            return null;
        }

        var answer = check(await source.InstantAsync(CountQuery(name, TimeSpan.FromDays(1)), now, cancellationToken));
        return answer.Unavailable is not null || answer.NotRecorded ? null : answer.Series.Count > 0;
    }

    /// <summary>
    /// The names of <paramref name="names"/> of which the source has no series over the window; when it could not
    /// answer for one, why (the names are then unknown, not missing).
    /// </summary>
    public async Task<(IReadOnlyList<string> Missing, string? Unavailable)> MissingAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var name in names)
        {
            switch (await PresentAsync(name, null, CountQuery(name, _span), cancellationToken))
            {
                case (false, _):
                    missing.Add(name);
                    break;
                case (null, { } reason):
                    return ([], reason);
            }
        }

        return (missing, null);
    }

    /// <summary>
    /// The first of <paramref name="labels"/> that no series named <paramref name="name"/> carries over the window (null
    /// when each is carried or could not be asked about); when the source could not answer, why.
    /// </summary>
    public async Task<(string? Uncarried, string? Unavailable)> UncarriedAsync(string name, IEnumerable<string> labels, CancellationToken cancellationToken)
    {
        foreach (var label in labels)
        {
            switch (await PresentAsync(name, label, LabelQuery(name, label, _span), cancellationToken))
            {
                case (false, _):
                    return (label, null);
                case (null, { } reason):
                    return (null, reason);
            }
        }

        return (null, null);
    }

    /// <summary>The label names (without <c>__name__</c>) of one series named <paramref name="name"/> under <paramref name="selector"/>; null when the source has none or cannot say.</summary>
    public async Task<IReadOnlyList<string>?> LabelsAsync(string name, string selector, CancellationToken cancellationToken)
    {
        var answer = check(await source.InstantAsync(OneSeriesQuery(name, selector, _span), window.End, cancellationToken));
        return answer.Unavailable is null && answer.Series.Count > 0
            ? [.. answer.Series[0].Labels.Keys.Where(k => k != "__name__").Order(StringComparer.Ordinal)]
            : null;
    }

    /// <summary>
    /// Whether the source has series named <paramref name="name"/> (carrying <paramref name="label"/>): null with the
    /// reason when it could not say, null without one when a replayed recording lacks the answer.
    /// </summary>
    private async Task<(bool? Present, string? Unavailable)> PresentAsync(string name, string? label, string query, CancellationToken cancellationToken)
    {
        if (presence.Known(name, label))
        {
            return (true, null);
        }

        if (!_answers.TryGetValue(query, out var answer))
        {
            answer = check(await source.InstantAsync(query, window.End, cancellationToken));
            _answers[query] = answer;
            if (answer.NotRecorded)
            {
                _unrecorded.Add(query);
            }
        }

        if (answer.NotRecorded)
        {
            return (null, null);
        }

        if (answer.Unavailable is { } reason)
        {
            return (null, reason);
        }

        if (answer.Series.Count == 0)
        {
            return (false, null);
        }

        presence.Found(name, label);
        return (true, null);
    }

    /// <summary><c>{__name__="name", matchers}</c>: any metric name, quoted as PromQL quotes strings.</summary>
    private static string Selector(string name, string? matchers)
    {
        var quoted = PromString.Quote(name);
        return string.IsNullOrWhiteSpace(matchers) ? $"{{__name__={quoted}}}" : $"{{__name__={quoted}, {matchers}}}";
    }

    /// <summary>A label name as a matcher writes it: bare when PromQL allows, else quoted (Prometheus 3's UTF-8 names).</summary>
    private static string LabelName(string label) =>
        label.Length > 0 && (char.IsAsciiLetter(label[0]) || label[0] == '_') && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? label : PromString.Quote(label);
}
