using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// What a metric answer must look like before it is judged: counts are never negative nor absurd, errors never exceed
/// requests, every series carries the sliceBy labels and appears once. An answer that breaks one of these is evidence
/// of a broken query, exporter or proxy: the slice is <c>no-data</c> with the reason, never judged, never promoted.
/// </summary>
internal static class AnswerCheck
{
    /// <summary>No counter or sample a service produces in one window comes near this; 1e308 does.</summary>
    public const double Absurd = 1e15;

    public static string? Impossible(string field, double value)
    {
        if (Math.Abs(value) > Absurd)
        {
            return $"an absurd value {value.ToString("G4", CultureInfo.InvariantCulture)}";
        }

        return field != "samples" && value < -1e-9 ? $"a negative count {value.ToString("G6", CultureInfo.InvariantCulture)}" : null;
    }

    public static string? MissingLabels(IReadOnlyList<string> sliceBy, MetricSeries series)
    {
        var missing = sliceBy.Where(l => !series.Labels.ContainsKey(l)).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>The series' full label set, sorted: two series of one answer never share it.</summary>
    public static string Signature(MetricSeries series) =>
        "{" + string.Join(",", series.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=\"{kv.Value}\"")) + "}";

    /// <summary>Errors above the requests of the same step (beyond the rounding of increase()'s extrapolation).</summary>
    public static string? ErrorsAboveTotals(GroupObservation group)
    {
        for (var step = 0; step < group.Steps; step++)
        {
            if (group.Samples.Count == 0 && group.Histograms[step] is null && group.Events[step] > group.Totals[step] * 1.01 + 1)
            {
                return $"errors ({group.Events[step]:0.#}) above the total ({group.Totals[step]:0.#}) in step {step + 1}";
            }
        }

        return null;
    }
}
