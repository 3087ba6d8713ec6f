using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// Judges every slice of every metric with one test per slice-metric, spends α over the looks the window plans
/// (O'Brien-Fleming-type, <see cref="GroupSequential"/>), corrects the family of slice-metrics (Holm or
/// Benjamini-Hochberg on the look-adjusted p-values), and decides: <c>fail</c> as soon as one slice-metric crosses its
/// boundary with a rule beyond its bound; <c>pass</c> only when every slice was measured over the whole window and
/// stayed within every bound; <c>hold</c> otherwise: too little data, no data, source down, window not over, or an
/// estimate beyond its bound without the evidence yet (saying how many more requests would decide it).
/// </summary>
public static class CanaryJudge
{
    /// <summary>The reason of a window the canary has not been measured over whole, when nothing says more.</summary>
    public const string NotMeasured = "window not complete: the canary has not been measured over the whole window";

    /// <param name="incomplete">Why the window is not complete (the hold's reason when every check is within bounds); null when it is.</param>
    /// <param name="noData">Why no query returned a series, when none did and the source said more (a metric that stopped reporting).</param>
    /// <param name="warned">Answers the source gave with warnings (a partial response): judged, so they can roll back, but they hold as <paramref name="unavailable"/> does.</param>
    public static CanaryJudgement Judge(
        CanarySpec spec,
        IReadOnlyList<SliceObservation> observations,
        string? incomplete,
        IReadOnlyList<string> unavailable,
        string? noData = null,
        IReadOnlyList<string>? warned = null)
    {
        warned ??= [];
        var windowComplete = incomplete is null;
        // Which look this is, from the canary's traffic as measured (before a burst is left out of it).
        var look = FamilyLevels.Look(observations);
        Dictionary<MetricSpec, double> dispersion = [], measured = [];
        if (spec.OverTime)
        {
            measured = Dispersions(observations);
            // Only what the data gate lets through is looked at for bursts: a group with NaN or impossible counts is
            // stopped below as it came.
            observations = observations.Select(o => DataGate.Stop(o, 0) is null ? OverTime.Trim(o, measured.GetValueOrDefault(o.Metric, 1)) : o).ToList();
            dispersion = Dispersions(observations);
        }

        var stopped = observations.Select(o => DataGate.Stop(o, o.Metric.MinSamples ?? spec.MinSamples) ?? (spec.OverTime ? DataGate.OneInterval(o) : null)).ToList();
        // Before and after: a slice with one interval before and two or more after is judged on its SLO bound alone
        // (that test reads nothing before the change) while its hold stays for the relative rule; its dispersion is its
        // own metric's.
        var sloOnly = spec.OverTime
            ? observations.Where((o, i) => stopped[i] is { Status: CheckStatus.MinSamples, Below: null })
                .Select(o => (o.Metric, Judged: OverTime.SloOnly(o, measured.GetValueOrDefault(o.Metric, 1)))).Where(p => p.Judged is not null).ToList()
            : [];
        var original = sloOnly.Select(p => (p.Judged!.Metric, p.Metric)).Distinct().ToDictionary(p => p.Item1, p => p.Item2);
        var members = observations.Where((_, i) => stopped[i] is null).Concat(sloOnly.Select(p => p.Judged!)).ToList();
        double Dispersion(SliceObservation o) => dispersion.GetValueOrDefault(original.GetValueOrDefault(o.Metric, o.Metric), 1);
        var pools = members.Where(o => o.Metric.Type == MetricType.Ratio).GroupBy(o => o.Metric)
            .ToDictionary(g => g.Key, g => BaselinePool.Of(g.ToList(), Dispersion(g.First())));

        // One test per slice-metric, then its place in the family at this look.
        var memberP = Map(members, (o, _) => o.Metric.Type switch
        {
            MetricType.Ratio => RatioJudge.MemberPValue(o, pools[o.Metric]),
            MetricType.Latency => LatencyJudge.MemberPValue(o, spec, Dispersion(o)),
            _ => SamplesJudge.MemberPValue(o),
        });
        var levels = FamilyLevels.Of(spec, members, memberP, windowComplete, look);
        var judged = Map(members, (o, i) => o.Metric.Type switch
        {
            MetricType.Ratio => RatioJudge.Checks(o, spec, pools[o.Metric], levels[i], memberP[i]).ToList(),
            MetricType.Latency => LatencyJudge.Checks(o, spec, levels[i], memberP[i], Dispersion(o)).ToList(),
            _ => SamplesJudge.Checks(o, levels[i], memberP[i]).ToList(),
        }).SelectMany(c => c).ToList();
        var checks = stopped.OfType<CheckResult>().Concat(members.Select(DataGate.Gap).OfType<CheckResult>()).Concat(judged).ToList();
        var ordered = checks.OrderBy(c => Rank(c.Status)).ThenBy(c => c.AdjustedPValue).ThenBy(c => c.Slice.ToString(), StringComparer.Ordinal).ToList();
        var slices = Slices(ordered, windowComplete);
        var (verdict, reason) = Decide(spec, ordered, slices, incomplete, unavailable, warned, noData);
        return new CanaryJudgement(verdict, reason, ordered, slices) { Incomplete = incomplete, Unavailable = unavailable, Warned = warned, NoData = noData };
    }

    /// <summary>
    /// The decision again without the checks <paramref name="excepted"/> (a policy's exceptions): the same rules over the
    /// checks that still count, so an excepted check neither rolls back nor holds by itself. The reason names only
    /// checks that count; null when no check is excepted.
    /// </summary>
    public static (Verdict Verdict, string Reason)? Without(CanarySpec spec, CanaryJudgement judgement, Func<CheckResult, bool> excepted)
    {
        var counted = judgement.Checks.Where(c => !excepted(c)).ToList();
        if (counted.Count == judgement.Checks.Count)
        {
            return null;
        }

        // Nothing left to judge is no evidence: never a promote.
        return counted.Count == 0 && judgement.Unavailable.Count == 0 && judgement.Warned.Count == 0
            ? (Verdict.Hold, $"every check is excepted by policy ({judgement.Checks.Count}): nothing is left to judge, and a canary is never promoted on nothing")
            : Decide(spec, counted, Slices(counted, judgement.WindowComplete), judgement.Incomplete, judgement.Unavailable, judgement.Warned, judgement.NoData);
    }

    /// <summary>The reason of a window whose slices have steps without a point: the first of <paramref name="gaps"/>, and how many more.</summary>
    public static string NotComplete(IReadOnlyList<CheckResult> gaps)
    {
        var more = gaps.Count - 1;
        return $"window not complete: {gaps[0].Slice} {gaps[0].Metric}: {gaps[0].Detail}{(more > 0 ? $" (and {more} more slice metric{(more == 1 ? "" : "s")})" : "")}";
    }

    /// <summary>
    /// A window not yet over (a watch's early look, an <c>--at</c> ahead of the clock): a promote holds with
    /// <paramref name="reason"/>, and no slice counts as promoted. A hold or a rollback stands, but keeps the reason, so
    /// a decision again without a policy's excepted checks (<see cref="Without"/>) holds with it, never promotes.
    /// </summary>
    public static CanaryJudgement NotOver(CanaryJudgement judgement, string reason) =>
        judgement with
        {
            Verdict = judgement.Verdict == Verdict.Pass ? Verdict.Hold : judgement.Verdict,
            Reason = judgement.Verdict == Verdict.Pass ? reason : judgement.Reason,
            Incomplete = reason,
            Slices = [.. judgement.Slices.Select(s => s.Value == Verdict.Pass ? new KeyValuePair<SliceKey, Verdict>(s.Key, Verdict.Hold) : s)],
        };

    /// <summary>The reason of a watch's early look, which judges the window so far (<paramref name="judged"/> of <paramref name="window"/>).</summary>
    public static string EarlyLook(TimeSpan judged, TimeSpan window) =>
        $"window not over: every slice within bounds for {PromDuration.Format(judged)} of {PromDuration.Format(window)}";

    /// <summary>The reason of a window whose first interval the canary had no traffic in: it has not run all of it.</summary>
    public static string NoFirstInterval(CanarySpec spec) =>
        $"window not complete: the canary had no traffic in the window's first interval ({PromDuration.Format(spec.Interval)}), so it has not held for the whole {PromDuration.Format(spec.Window)}; every slice is within bounds so far";

    /// <summary>Each slice's own verdict; over a window not complete, no slice is promoted (its checks within bounds hold).</summary>
    private static List<KeyValuePair<SliceKey, Verdict>> Slices(IEnumerable<CheckResult> checks, bool windowComplete) =>
        checks.GroupBy(c => c.Slice)
            .Select(g => new KeyValuePair<SliceKey, Verdict>(g.Key, SliceVerdict(g) is var v && v == Verdict.Pass && !windowComplete ? Verdict.Hold : v))
            .OrderBy(kv => kv.Value == Verdict.Fail ? 0 : kv.Value == Verdict.Hold ? 1 : 2)
            .ThenBy(kv => kv.Key.ToString(), StringComparer.Ordinal)
            .ToList();

    /// <summary>Before and after a change: each ratio or latency metric's baseline dispersion over time (<see cref="OverTime.Dispersion"/>).</summary>
    private static Dictionary<MetricSpec, double> Dispersions(IEnumerable<SliceObservation> observations) =>
        observations.Where(o => o.Metric.Type != MetricType.Samples && DataGate.Stop(o, 0) is null).GroupBy(o => o.Metric).ToDictionary(g => g.Key, g => OverTime.Dispersion(g));

    /// <summary>Slices are independent until the family correction: many are judged in parallel, in order.</summary>
    private static List<T> Map<T>(List<SliceObservation> members, Func<SliceObservation, int, T> judge) =>
        members.Count >= 200 ? members.AsParallel().AsOrdered().Select(judge).ToList() : members.Select(judge).ToList();

    private static Verdict SliceVerdict(IEnumerable<CheckResult> checks)
    {
        var list = checks.ToList();
        if (list.Any(c => c.Status == CheckStatus.Worse))
        {
            return Verdict.Fail;
        }

        return list.All(c => c.Status == CheckStatus.Within) ? Verdict.Pass : Verdict.Hold;
    }

    private static (Verdict, string) Decide(
        CanarySpec spec,
        List<CheckResult> checks,
        List<KeyValuePair<SliceKey, Verdict>> slices,
        string? incomplete,
        IReadOnlyList<string> unavailable,
        IReadOnlyList<string> warned,
        string? noData)
    {
        var worse = checks.Where(c => c.Status == CheckStatus.Worse).ToList();
        if (worse.Count > 0)
        {
            var badSlices = slices.Count(s => s.Value == Verdict.Fail);
            return (Verdict.Fail, $"{CheckText.Headline(worse[0])}{(badSlices > 1 ? $" (and {badSlices - 1} more slice{(badSlices > 2 ? "s" : "")})" : "")}");
        }

        if (unavailable.Count > 0 || warned.Count > 0)
        {
            // Both hold alike (an answer warned about may be missing data); only what is counted of them differs.
            return (Verdict.Hold, $"metric source unavailable: {(unavailable.Count > 0 ? unavailable[0] : warned[0])}");
        }

        if (slices.Count == 0)
        {
            return (Verdict.Hold, $"no data: {noData ?? "no query returned a series for either group"}");
        }

        var stopped = checks.Where(c => !c.Judged).ToList();
        if (stopped.Count > 0 && stopped.All(c => c.Incomplete))
        {
            return (Verdict.Hold, NotComplete(stopped));
        }

        if (stopped.Count > 0)
        {
            var minSamples = stopped.Count(c => c.Status == CheckStatus.MinSamples && c.Below is not null);
            var oneInterval = stopped.Count(c => c.Status == CheckStatus.MinSamples && c.Below is null);
            var withoutData = stopped.Count - minSamples - oneInterval;
            var parts = new List<string>();
            if (withoutData > 0)
            {
                parts.Add($"{withoutData} slice metric{(withoutData == 1 ? "" : "s")} without data");
            }

            if (minSamples > 0)
            {
                parts.Add($"{minSamples} below minSamples {spec.MinSamples}");
            }

            if (oneInterval > 0)
            {
                parts.Add($"{oneInterval} with one interval");
            }

            return (Verdict.Hold, $"not enough data: {string.Join(", ", parts)} (first: {stopped[0].Slice} {stopped[0].Metric}: {stopped[0].Detail})");
        }

        var exceeding = checks.Where(c => c.Status == CheckStatus.Exceeds).ToList();
        if (exceeding.Count > 0)
        {
            return (Verdict.Hold, $"not significant yet: {CheckText.Headline(exceeding[0])}, adjusted p={exceeding[0].AdjustedPValue:0.###}{CheckText.More(exceeding[0], spec.Interval)}");
        }

        if (incomplete is not null)
        {
            return (Verdict.Hold, incomplete);
        }

        return (Verdict.Pass, Promoted(spec, checks, slices.Count));
    }

    /// <summary>
    /// True when a judged check's interval, at the level the verdict used, ends at or under its bound: shown within
    /// bounds. A check within bounds whose interval reaches past the bound was only not shown worse (too little traffic
    /// to exclude the bound). The relative rule reads the ratio's interval, the SLO rule the canary's own.
    /// </summary>
    public static bool ShownWithin(CheckResult c) => c.Status == CheckStatus.Within && Reach(c) <= c.Bound;

    /// <summary>How far a check's interval reaches: the upper end the bound is compared with (NaN when it has none).</summary>
    public static double Reach(CheckResult c) => c.Rule == "slo" ? c.CanaryInterval.Upper : c.RatioInterval.Upper;

    /// <summary>
    /// For a check within bounds that was not shown within them: "; not shown worse, but not shown within bounds either:
    /// interval up to 3.2x against maxRatio 1.5x", with the estimate of the canary traffic that would show it
    /// (<see cref="CheckText.MoreForWithinBounds"/>) when there is one; "" for any other check.
    /// </summary>
    public static string NotShownWithin(CheckResult c, TimeSpan interval) =>
        c.Status != CheckStatus.Within || ShownWithin(c) ? ""
        : $"; not shown worse, but not shown within bounds either: {(double.IsNaN(Reach(c)) ? "no interval" : $"interval up to {Reached(c, Reach(c))}")} against {(c.Rule == "slo" ? "maxValue" : "maxRatio")} {Bound(c)}"
          + CheckText.MoreForWithinBounds(c, interval);

    /// <summary>
    /// A promote's reason, saying what was shown: "6 slices promoted on error-rate over 10m: 0 shown within bounds, 6 only
    /// not shown worse (too little traffic to exclude error-rate above 1.5x baseline: intervals reach 1.8x-5.6x)".
    /// </summary>
    private static string Promoted(CanarySpec spec, List<CheckResult> checks, int sliceCount)
    {
        var head = $"{sliceCount} slice{(sliceCount == 1 ? "" : "s")} promoted on {string.Join(" and ", spec.Metrics.Select(m => m.Name))} over {PromDuration.Format(spec.Window)}: ";
        // A check with no interval (a samples SLO, a ratio over a baseline median at or below 0) is not shown within its
        // bound, but not for want of traffic either: counted apart, not among the intervals that reach past the bound.
        var notShown = checks.Where(c => c.Judged && !ShownWithin(c)).ToList();
        var notShownSlices = notShown.Select(c => c.Slice).Distinct().Count();
        if (notShownSlices == 0)
        {
            return head + (sliceCount switch { 1 => "shown within bounds", 2 => "both shown within bounds", _ => $"all {sliceCount} shown within bounds" });
        }

        var open = notShown.Where(c => !double.IsNaN(Reach(c))).ToList();
        var openSlices = open.Select(c => c.Slice).Distinct().Count();
        var bare = notShownSlices - openSlices;
        var bareText = bare == 0 ? "" : $"{(openSlices == 0 ? ", " : "; ")}{bare} with a check that has no interval to compare with its bound";
        if (openSlices == 0)
        {
            return head + $"{sliceCount - notShownSlices} shown within bounds" + bareText;
        }

        var reaches = open.GroupBy(c => (c.Metric, c.Rule, c.Bound)).Select(g =>
        {
            var ends = g.Select(Reach).ToList();
            var (low, high) = (ends.Min(), ends.Max());
            var reach = ends.Count == 1 || Reached(g.First(), low) == Reached(g.First(), high)
                ? $"interval{(ends.Count == 1 ? "" : "s")} reach{(ends.Count == 1 ? "es" : "")} {Reached(g.First(), high)}"
                : $"intervals reach {Reached(g.First(), low)}-{Reached(g.First(), high)}";
            return $"{g.Key.Metric} above {Bound(g.First())}{(g.Key.Rule == "slo" ? "" : " baseline")}: {reach}";
        });
        return head + $"{sliceCount - notShownSlices} shown within bounds, {openSlices} only not shown worse (too little traffic to exclude {string.Join("; ", reaches)})"
            + CheckText.WidenedBecause(open.Max(c => c.Dispersion)) + bareText;
    }

    private static string Bound(CheckResult c) => c.Rule == "slo" ? CheckText.Value(c.Bound, c.Unit) : CheckText.Times(c.Bound);

    // An interval's end beside the bound it was compared with, with the digits that keep it on its side of that bound.
    private static string Reached(CheckResult c, double end) => c.Rule == "slo" ? CheckText.Value(end, c.Unit, c.Bound) : CheckText.Times(end, c.Bound);

    private static int Rank(CheckStatus status) => status switch
    {
        CheckStatus.Worse => 0,
        CheckStatus.Exceeds => 1,
        CheckStatus.NoData => 2,
        CheckStatus.MinSamples => 3,
        _ => 4,
    };
}
