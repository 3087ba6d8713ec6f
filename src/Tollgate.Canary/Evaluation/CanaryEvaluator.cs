using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// One evaluation: asks the source whether it is up, runs every query of every metric for both groups over the window
/// (one range query each, step = interval), sorts the series into slices, and hands them to the judge. Mistakes of the
/// spec that only the answers show (<see cref="SpecMistakes"/>) are found on the way.
/// </summary>
public sealed class CanaryEvaluator(CanarySpec spec, IMetricSource source)
{
    /// <summary>How many of the spec's range queries are asked at once: the answer budget is spent on the slowest, not on their sum.</summary>
    public const int QueriesAtOnce = 6;

    /// <summary>
    /// True when an answer that shows the configuration wrong is bad input (exit 3; <c>tollgate serve</c> answers
    /// hold, not judged), as for <c>tollgate canary</c>: the source refusing the URL or the credentials
    /// (<see cref="MetricResponse.Refused"/>), a query whose metric has no series at all or whose matchers require a label
    /// none of them carries (<see cref="EmptyAnswers"/>), a sliceBy label that no series of an answer carries. False where
    /// it must stay a hold that keeps the watch going (a deploy already live): each such mistake holds the slices with it.
    /// </summary>
    public bool MistakesAreErrors { get; init; }

    /// <summary>
    /// True when the groups are the spec's own baseline and canary, measured side by side over the same window (not a
    /// deploy watch's service before and after): two groups answering the same series are then a mistake, and the
    /// baseline, like the canary, must have run the whole window before anything is promoted.
    /// </summary>
    public bool SideBySide { get; init; }

    /// <summary>Both groups meant as one series (a deploy watch's gap check): answers the same for both are then no mistake.</summary>
    public bool OneGroupAsBoth { get; init; }

    /// <summary>
    /// The existence answers kept between evaluations: an evaluator keeps its own for the looks of one watch; a host
    /// that makes one evaluator per look (<c>tollgate serve</c>) passes the one of the rollout's analysis.
    /// </summary>
    public MetricPresence Presence { get; init; } = new();

    /// <summary>
    /// True for <c>tollgate canary --replay</c>: a recording without the answer for the window's time, or without any
    /// of the spec's queries, was asked for another time or spec (exit 3). A served recording (whose files may change
    /// under it) holds instead, naming the query it has no answer for.
    /// </summary>
    public bool UnrecordedIsInputError { get; init; }

    /// <summary>
    /// A query Prometheus rejects (<c>bad_data</c>: <c>increaze(</c>) is the spec's mistake, named where it is as the spec
    /// loader names its others: <c>checkout.yaml:14: metric 'error-rate' errors: Prometheus rejected the query …</c>.
    /// </summary>
    private async Task<MetricResponse> Rejected(MetricSpec metric, string field, QueryTemplate template, Func<Task<MetricResponse>> asking)
    {
        try
        {
            return await asking();
        }
        catch (InvalidInputException e) when (e.QueryRejected)
        {
            throw new InvalidInputException($"{spec.Path}:{template.Line}: metric '{metric.Name}' {field}: {e.Message}", e) { QueryRejected = true };
        }
    }

    public async Task<CanaryJudgement> EvaluateAsync(EvaluationWindow window, bool requireFullWindow, CancellationToken cancellationToken)
    {
        if (window.Steps < 1)
        {
            return CanaryJudge.Judge(spec, [], "window not over: no complete interval yet", []) with { Verdict = Domain.Verdicts.Verdict.Hold, Reason = "window not over: no complete interval yet" };
        }

        // A source that refuses the URL or the credentials is a configuration error (exit 3), found on the first request:
        // holding would only wait out the watch for the same answer.
        var probe = Checked(await source.InstantAsync("vector(1)", window.End, cancellationToken));
        if (probe.NotRecorded && UnrecordedIsInputError)
        {
            // A replay of a time the recording does not hold: bad input, named by its time, never by the internal probe.
            throw new InvalidInputException($"the recording holds no evaluation ending at {Domain.Rfc3339.Format(window.End)}: replay the time it was recorded at (its evaluation.json's \"at\")");
        }

        if (probe.Unavailable is { } sourceDown)
        {
            return CanaryJudge.Judge(spec, [], CanaryJudge.NotMeasured, [sourceDown]);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var turns = new SemaphoreSlim(QueriesAtOnce);
        var answers = AskAll(window, turns, stop.Token);
        try
        {
            return await EvaluateAsync(window, requireFullWindow, answers, cancellationToken);
        }
        finally
        {
            // A mistake found in one answer ends the evaluation: the queries still out are not waited for.
            await stop.CancelAsync();
            await Task.WhenAll(answers.Values).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Every range query of the spec, started together (at most <see cref="QueriesAtOnce"/> at a time) and read in the
    /// spec's order; a query written alike by two metrics is asked once.
    /// </summary>
    private Dictionary<string, Task<MetricResponse>> AskAll(EvaluationWindow window, SemaphoreSlim turns, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, Task<MetricResponse>>(StringComparer.Ordinal);
        foreach (var metric in spec.Metrics)
        {
            foreach (var selector in (string[])[spec.BaselineSelector, spec.CanarySelector])
            {
                foreach (var (_, template) in metric.Queries())
                {
                    var query = template.Render(selector, spec.Interval);
                    if (!answers.ContainsKey(query))
                    {
                        answers[query] = AskAsync(query);
                    }
                }
            }
        }

        return answers;

        async Task<MetricResponse> AskAsync(string query)
        {
            await turns.WaitAsync(cancellationToken);
            try
            {
                return await source.RangeAsync(query, window.FirstPoint, window.LastPoint, spec.Interval, cancellationToken);
            }
            finally
            {
                turns.Release();
            }
        }
    }

    private async Task<CanaryJudgement> EvaluateAsync(EvaluationWindow window, bool requireFullWindow, Dictionary<string, Task<MetricResponse>> answers, CancellationToken cancellationToken)
    {
        var names = new MetricProbe(source, window, spec.Window, Checked, Presence);
        var empty = new EmptyAnswers(spec, names, MistakesAreErrors);
        var unavailable = new List<string>();
        var warned = new List<string>(); // answers the source warned may be incomplete: answered, but never promoted on
        var waiting = new List<string>(); // queries the answer budget ran out on, each once (two metrics may send the same)
        var waited = new HashSet<string>(StringComparer.Ordinal);
        string? budgetSpent = null;
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        var observations = new List<SliceObservation>();
        var (same, varies) = (SideBySide && !OneGroupAsBoth, false);
        var (asked, unrecorded, firstUnrecorded) = (0, 0, (string?)null);
        string? stopped = null;
        foreach (var metric in spec.Metrics)
        {
            var slices = new Dictionary<SliceKey, (GroupObservation Baseline, GroupObservation Canary)>();
            (GroupObservation, GroupObservation) SliceOf(SliceKey key)
            {
                if (!slices.TryGetValue(key, out var pair))
                {
                    pair = (new GroupObservation(window.Steps), new GroupObservation(window.Steps));
                    slices[key] = pair;
                }

                return pair;
            }

            // A query the source did not answer leaves its field unknown, not zero: every slice of that group is
            // no-data (an unanswered errors query must never read as "no errors", for either group).
            var down = new string?[2];
            var baselineAnswers = new Dictionary<string, MetricResponse>(StringComparer.Ordinal);
            foreach (var canaryGroup in (bool[])[false, true])
            {
                var selector = canaryGroup ? spec.CanarySelector : spec.BaselineSelector;
                var group = canaryGroup ? "canary" : "baseline";
                foreach (var (field, template) in metric.Queries())
                {
                    var query = template.Render(selector, spec.Interval);
                    var response = Checked(await Rejected(metric, field, template, () => answers[query]));
                    asked++;
                    if (response.NotRecorded)
                    {
                        firstUnrecorded ??= $"metric '{metric.Name}' {group} {field}";
                        unrecorded++;
                    }

                    if (response.Unavailable is { } reason)
                    {
                        if (response.BudgetSpent)
                        {
                            if (waited.Add(query))
                            {
                                waiting.Add($"{metric.Name} {group} {field}");
                            }

                            budgetSpent ??= reason;
                        }
                        else
                        {
                            unavailable.Add($"{metric.Name} {group} {field}: {reason}");
                        }

                        down[canaryGroup ? 1 : 0] ??= $"{field}: no answer from the source";
                        same = false;
                        continue;
                    }

                    // An answer the source warns about (a Thanos partial response, a PromQL warning) may be missing
                    // data: it is judged, so what it shows can roll back, but never promoted on.
                    if (response.Warnings.Count > 0)
                    {
                        warned.Add($"{metric.Name} {group} {field}: {SourceWarnings.Held(response.Warnings)}");
                    }

                    notes.UnionWith(response.Infos.Select(SourceWarnings.Noted));

                    // An empty errors answer is zero errors only when the metric exists and its series carry the labels the
                    // query requires: a misspelt name or label answers the same. Any other empty answer holds; a metric or
                    // label that does not exist at all would hold it forever.
                    if (field == "errors")
                    {
                        response = EmptyAnswers.WithoutZeroFiller(response, spec.SliceBy);
                    }

                    // An errors answer of zeros only (`… or vector(0)`) is asked about its labels too: a misspelt label
                    // answers zero errors there as well. Its metric may rightly not exist yet (the `or` is for that).
                    var zeros = field == "errors" && response.Series.Count > 0 && response.Series.All(s => s.Points.All(p => p.Value == 0));
                    if (response.Series.Count > 0 && !zeros && Presence.AnyLastSeen)
                    {
                        // Series again: a stopped metric resumed, so when it stops anew its last sample is asked again.
                        foreach (var resumed in SelectedMetrics.Of(query).Names)
                        {
                            Presence.Resumed(resumed);
                        }
                    }

                    if ((response.Series.Count == 0 || zeros)
                        && await empty.WhyAsync(metric, field, template, query, selector, window, cancellationToken, labelsOnly: zeros) is { } unknown)
                    {
                        if (unknown.Unavailable)
                        {
                            // Any field: an empty answer the source cannot explain is not "no data" (no traffic yet).
                            unavailable.Add($"{metric.Name} {group} {(unknown.Reason.StartsWith($"{field}: ", StringComparison.Ordinal) ? "" : $"{field}: ")}{unknown.Reason}");
                            down[canaryGroup ? 1 : 0] ??= $"{field}: no answer from the source";
                        }
                        else
                        {
                            down[canaryGroup ? 1 : 0] ??= unknown.Reason;
                            stopped ??= unknown.Reason;
                        }
                    }

                    if (MistakesAreErrors && SpecMistakes.LabelOnNoSeries(spec.SliceBy, response.Series) is { } label)
                    {
                        var first = SelectedMetrics.Of(query).Names is [var name, ..] ? name : null;
                        var raw = first is null ? null : await names.LabelsAsync(first, selector, cancellationToken);
                        throw new InvalidInputException(SpecMistakes.SliceLabelMissing(spec, metric, field, template, canaryGroup, label, response.Series,
                            raw is null ? null : (first!, raw)));
                    }

                    if (!canaryGroup)
                    {
                        baselineAnswers[field] = response;
                    }
                    else if (same)
                    {
                        same = baselineAnswers.TryGetValue(field, out var baselineAnswer) && SpecMistakes.SameSeries(baselineAnswer, response);
                        varies |= field is "total" or "buckets" && SpecMistakes.Varies(response);
                    }

                    Read(response, SliceOf, canaryGroup, field, window);
                }
            }

            foreach (var (key, (baseline, canary)) in slices.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal))
            {
                baseline.Problem ??= down[0];
                canary.Problem ??= down[1];
                GroupAnswers.Finish(baseline);
                GroupAnswers.Finish(canary);
                if (SideBySide && requireFullWindow)
                {
                    baseline.Gap = Coverage.Gap(baseline, window);
                    canary.Gap = Coverage.Gap(canary, window);
                }

                observations.Add(new SliceObservation(key, metric, baseline, canary));
            }
        }

        // A recording without one of the spec's queries is unanswered there (it holds); without any, it is another spec's.
        if (UnrecordedIsInputError && asked > 0 && unrecorded == asked)
        {
            throw new InvalidInputException($"the recording has no answer to any of the spec's queries (first: {firstUnrecorded}): it was recorded with another spec (replay it with the spec it was recorded with)");
        }

        if (same && varies) // every answer the same for both groups, value for value, with traffic that varies: one set of pods compared with itself
        {
            var mistake = SpecMistakes.GroupsSelectTheSameSeries(spec);
            if (MistakesAreErrors)
            {
                throw new InvalidInputException(mistake);
            }

            observations.ForEach(o => o.Canary.Problem ??= mistake);
        }

        if (budgetSpent is not null)
        {
            // The queries run together, so the budget ran out on all those still waiting, not on the one named first; a
            // query two metrics share was sent once, so it is counted once.
            unavailable.Insert(0, $"{waiting.Count} of {answers.Count} queries were still waiting ({string.Join(", ", waiting)}): {budgetSpent}");
        }

        observations.AddRange(Unseen(observations, window.Steps));
        // No slice at all: the first empty answer's reason says more than "no series" (a metric that stopped).
        var judgement = CanaryJudge.Judge(spec, observations, Incompleteness(observations, window, requireFullWindow), unavailable, noData: stopped, warned: warned);
        return judgement with
        {
            Notes = [.. names.Unrecorded.Count == 0 ? [] : new[] { SpecMistakes.ProbesNotRecorded(names.Unrecorded) }, .. notes, .. SkippedNaN(observations)],
        };
    }

    /// <summary>Per samples metric, the NaN steps left out (<see cref="GroupAnswers"/>): "avg-latency: 3 NaN samples left out (canary 1, baseline 2): …".</summary>
    private static IEnumerable<string> SkippedNaN(List<SliceObservation> observations) =>
        observations.GroupBy(o => o.Metric.Name)
            .Select(g => (Metric: g.Key, Canary: g.Sum(o => o.Canary.NaNSamples), Baseline: g.Sum(o => o.Baseline.NaNSamples)))
            .Where(m => m.Canary + m.Baseline > 0)
            .Select(m => $"{m.Metric}: {m.Canary + m.Baseline} NaN sample{(m.Canary + m.Baseline == 1 ? "" : "s")} left out (canary {m.Canary}, baseline {m.Baseline}): a series without a value in a step, as 0/0 gives for an average over no requests");

    private MetricResponse Checked(MetricResponse response) =>
        response.Refused && MistakesAreErrors ? throw new InvalidInputException(response.Unavailable!) : response;

    /// <summary>Sorts an answer's series into their slices' groups, flagging series without the slice labels or twice in it.</summary>
    private void Read(MetricResponse response, Func<SliceKey, (GroupObservation, GroupObservation)> sliceOf, bool canaryGroup, string field, EvaluationWindow window)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in response.Series)
        {
            var pair = sliceOf(SliceKey.From(spec.SliceBy, series.Labels));
            var group = canaryGroup ? pair.Item2 : pair.Item1;
            if (AnswerCheck.MissingLabels(spec.SliceBy, series) is { } missing)
            {
                group.Problem ??= $"{field}: a series without the sliceBy label{(missing.Contains(',') ? "s" : "")} {missing}";
            }

            if (!seen.Add(AnswerCheck.Signature(series)))
            {
                group.Problem ??= $"{field}: the same series twice in one answer ({AnswerCheck.Signature(series)})";
            }

            GroupAnswers.Add(group, field, series, window);
        }
    }

    /// <summary>
    /// Every slice is judged on every metric: a slice that one metric saw and another did not (a typo'd metric name
    /// returns no series at all; an endpoint without a histogram) is <c>no-data</c> for the metric that missed it, so
    /// it is never promoted on the metrics that happened to answer.
    /// </summary>
    private IEnumerable<SliceObservation> Unseen(List<SliceObservation> observations, int steps)
    {
        var slices = observations.Select(o => o.Slice).Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        foreach (var metric in spec.Metrics)
        {
            var seen = observations.Where(o => o.Metric == metric).Select(o => o.Slice).ToHashSet();
            var why = seen.Count == 0
                ? $"no series in either group: the {string.Join(" and ", metric.Queries().Select(q => q.Field))} quer{(metric.Queries().Count() == 1 ? "y" : "ies")} returned none for any slice (check the metric name and labels)"
                : "no series in either group for this slice (other metrics have it)";
            foreach (var slice in slices.Where(s => !seen.Contains(s)))
            {
                yield return new SliceObservation(slice, metric, new GroupObservation(steps), new GroupObservation(steps)) { Absent = why };
            }
        }
    }

    /// <summary>
    /// Why the window is not complete; null when it is: it is as long as the spec's (a watch's early look judges a
    /// shorter one, so its samples metrics, fixed-sample tests, do not decide yet), the canary already had traffic in
    /// its first step (it ran the whole window) and, side by side, the baseline too (when only the baseline lacks it, it
    /// started after its canary).
    /// </summary>
    private string? Incompleteness(List<SliceObservation> observations, EvaluationWindow window, bool requireFullWindow)
    {
        static bool RanFromTheStart(IEnumerable<GroupObservation> groups) => groups.Any(g => g.Totals.Length > 0 && g.Totals[0] > 0);
        if (window.End - window.Start < spec.Window)
        {
            return CanaryJudge.EarlyLook(window.End - window.Start, spec.Window);
        }

        if (observations.Count == 0 || (requireFullWindow && !RanFromTheStart(observations.Select(o => o.Canary))))
        {
            return CanaryJudge.NoFirstInterval(spec);
        }

        return requireFullWindow && SideBySide && !RanFromTheStart(observations.Select(o => o.Baseline))
            ? $"window not complete: {SpecMistakes.BaselineStartedLater}"
            : null;
    }
}
