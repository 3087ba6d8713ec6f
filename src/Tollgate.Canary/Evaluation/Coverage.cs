using Tollgate.Canary.Judgement;
using Tollgate.Domain;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// Whether a group's requests were seen at every step of the window from its first point on. A counter that exists has a
/// point at every step (<c>increase</c> answers 0 for an idle one), so a step without one is a step nobody scraped: the
/// pods were gone, crash-looping or overloaded, or their scrapes failed. Per-step counts cannot hold what they served
/// then (a counter's rise across a gap falls between the steps' <c>increase</c> ranges), and a group that stopped
/// reporting has not held for the window: either way the slice must not be promoted. Steps before the first point are
/// a group that started later (the window's first step answers for the whole canary, <see cref="CanaryEvaluator"/>).
/// </summary>
internal static class Coverage
{
    /// <summary>Why <paramref name="group"/> misses steps after its first point, naming them and its last point before them; null when it misses none.</summary>
    public static string? Gap(GroupObservation group, EvaluationWindow window)
    {
        var first = Array.IndexOf(group.Covered, true);
        if (first < 0)
        {
            return null;
        }

        var missing = Enumerable.Range(first, group.Steps - first).Where(s => !group.Covered[s]).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        string At(int step) => Rfc3339.Format(window.FirstPoint + window.Interval * step);
        var steps = $"{missing.Count} of {group.Steps} steps";
        var lastPoint = missing[0] - 1;
        var trailing = missing[^1] == group.Steps - 1 && missing.Count == group.Steps - 1 - lastPoint;
        return trailing
            ? $"no data after {At(lastPoint)} ({steps}, to the window's end {Rfc3339.Format(window.End)}): pods gone or their scrapes failing? It has not held for the window"
            : $"no data for {steps} ({At(missing[0])} to {At(missing[^1])}, last point before them {At(lastPoint)}): scrapes failing or pods restarting? What it served then is not in its counts";
    }
}
