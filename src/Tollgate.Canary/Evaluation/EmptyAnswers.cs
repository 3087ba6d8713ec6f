using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// Why a query's empty answer is a spec's mistake, when it is, asked of the source through <see cref="MetricProbe"/>:
/// a metric name it selects has no series at all over the window, or no series of a metric it selects carries a
/// label that one of its matchers requires (<c>stauts=~"5.."</c> where the series carry <c>status</c>). An empty
/// errors answer is otherwise zero errors, any other empty answer a hold for lack of data; either mistake would make
/// it so look after look (a canary that can never fail, or never be promoted). With <paramref name="mistakesAreErrors"/>
/// the mistake is one line (<see cref="InvalidInputException"/>, exit 3); otherwise it is the slices' reason to hold.
/// </summary>
internal sealed class EmptyAnswers(CanarySpec spec, MetricProbe probe, bool mistakesAreErrors)
{
    /// <summary>
    /// The reason, and whether it is that the source could not say; null when every name the query selects exists and
    /// its series carry every label its matchers require (or nothing could be asked: <c>{__name__=~"…"}</c>, a matcher
    /// that also matches series without the label, a recording without the answers).
    /// </summary>
    /// <param name="query">The query as sent, with the group's <paramref name="selector"/>.</param>
    /// <param name="labelsOnly">An answer of zeros, not an empty one: only a label of a metric that exists is a mistake (the metric may rightly not exist yet).</param>
    public async Task<(string Reason, bool Unavailable)?> WhyAsync(MetricSpec metric, string field, QueryTemplate template, string query, string selector,
        EvaluationWindow window, CancellationToken cancellationToken, bool labelsOnly = false)
    {
        var (missing, unavailable) = await probe.MissingAsync(SelectedMetrics.Of(query).Names, cancellationToken);
        if (labelsOnly && (unavailable is not null || missing.Count > 0))
        {
            // Zeros from `or vector(0)` for a counter not created yet, or a source that cannot say: as answered.
            return null;
        }

        if (unavailable is not null)
        {
            return ($"cannot tell whether its metric exists: {unavailable}", true);
        }

        if (missing.Count > 0)
        {
            // A name with series in the day before the window is no typo: the service (or its scrape) stopped.
            var (last, unanswered) = await probe.LastSeenAsync(missing[0], cancellationToken);
            if (last is { } seen)
            {
                return (SpecMistakes.MetricStopped(field, missing[0], seen, window.End - probe.Span, window.End), false);
            }

            if (unanswered is not null)
            {
                // Not answered is not "none": a misspelt name cannot be told from a metric that stopped, so the source is unavailable.
                return (SpecMistakes.LastSeenUnanswered(field, missing[0], unanswered, window.End - probe.Span, window.End), true);
            }

            if (await probe.PresentNowAsync(missing[0], cancellationToken) == true)
            {
                // Not a misspelt name: the window is older than the source's data (a deploy watched weeks later).
                return (SpecMistakes.MetricWithoutPoints(field, missing[0], window.End - probe.Span, window.End), false);
            }

            if (mistakesAreErrors)
            {
                var known = spec.Metrics.SelectMany(m => m.Queries()).SelectMany(q => SelectedMetrics.Of(q.Query.Render(spec.CanarySelector, spec.Interval)).Names);
                throw new InvalidInputException(SpecMistakes.MetricMissing(spec, metric, field, template, missing, window.End - probe.Span, window.End, known));
            }

            return (SpecMistakes.MetricMissingReason(field, missing), false);
        }

        // The query's own matchers, without the group's: rendered with an empty selector, the group's labels are not in it.
        foreach (var chosen in SelectedMetrics.Of(template.Render("", spec.Interval)).Selectors)
        {
            var required = chosen.Matchers.Where(m => !m.MatchesEmpty()).ToList();
            if (chosen.Name is not { } name || required.Count == 0)
            {
                continue;
            }

            var (uncarried, down) = await probe.UncarriedAsync(name, required.Select(m => m.Name).Distinct(StringComparer.Ordinal), cancellationToken);
            if (down is not null)
            {
                return ($"cannot tell whether the series of {name} carry the labels its matchers require: {down}", true);
            }

            if (uncarried is null)
            {
                continue;
            }

            if (!mistakesAreErrors)
            {
                return (SpecMistakes.LabelMissingReason(field, name, uncarried), false);
            }

            var carried = await probe.LabelsAsync(name, selector, cancellationToken) ?? await probe.LabelsAsync(name, "", cancellationToken);
            throw new InvalidInputException(SpecMistakes.LabelMissing(spec, metric, field, template, name, required.First(m => m.Name == uncarried), carried,
                window.End - probe.Span, window.End));
        }

        return null;
    }

    /// <summary>
    /// A sliced errors answer without the series <c>or vector(0)</c> adds when no slice has errors: one that carries
    /// none of the <paramref name="sliceBy"/> labels and is 0 at every point is no slice's, and zero; kept, it would be
    /// read as a slice label on no series (exit 3 on the looks without errors only). The answer is then empty, and
    /// judged as one (its metric and labels asked about).
    /// </summary>
    public static MetricResponse WithoutZeroFiller(MetricResponse answer, IReadOnlyList<string> sliceBy)
    {
        return sliceBy.Count == 0 || !answer.Series.Any(Filler) ? answer : answer with { Series = [.. answer.Series.Where(s => !Filler(s))] };

        bool Filler(MetricSeries series) => !sliceBy.Any(series.Labels.ContainsKey) && series.Points.All(p => p.Value == 0);
    }
}
