using System.Globalization;
using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Statistics.Trend;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Models.Trends;

/// <summary>
/// <c>tollgate model trend</c>: a slow decline, not a spike. Two signals must agree before <c>trend</c> fires:
/// a control chart on the standardised series (CUSUM k 0.5, h 5 or EWMA λ 0.1, L 2.7, whichever signals first at or
/// after the best level-then-line fit's bend (<see cref="HingeOnset"/>, over the whole series), each started afresh
/// after an alarm; the baseline's level and noise are robust to a bad day (<see cref="RobustBaseline"/>), and the noise
/// is inflated by its lag-1 autocorrelation, (1+φ)/(1−φ); a series of hours or minutes charted as about 60 block means,
/// <see cref="ChartBlocks"/>) says the level has left its baseline, and Mann-Kendall
/// confirms a monotone trend at α, its variance widened by Yue and Wang's effective sample size for AR(1) noise of the
/// lag-1 autocorrelation the fit leaves. A single outlier moves MK's S by at most n−1, so it cannot pass the
/// confirmation; a real decline of 0.5%/day in 3% noise passes both within about two weeks (mlops.md §2.6). Sen's
/// slope per day says how fast; the onset is the earlier of the chart's change point and the fit's bend.
/// </summary>
public static class TrendGate
{
    public static Task<Report> RunAsync(TrendRequest request, GateContext context) => GatePipeline.RunAsync(Evidence(request), context);

    /// <summary>The series from Prometheus (<see cref="TrendRequest.Query"/>) over the range up to the context's now, judged the same way.</summary>
    public static async Task<Report> RunAsync(TrendRequest request, IMetricSource source, GateContext context) =>
        await GatePipeline.RunAsync(await EvidenceAsync(request, source, context.Clock.GetUtcNow(), context.Cancellation), context);

    /// <summary>The series judged before any policy: a <c>trend</c> finding, or too few points as pending.</summary>
    public static Evidence Evidence(TrendRequest request) =>
        Evidence(request, Series.Read(request.Series), Domain.Reports.ReportDigest.Of($"file {Lineage.ContentHash.HexOfFile(request.Series)}\n{Judging(request)}"));

    public static async Task<Evidence> EvidenceAsync(TrendRequest request, IMetricSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = request.Query ?? throw new InvalidOperationException("a Prometheus trend needs its query");
        var (series, problem) = await PrometheusSeries.ReadAsync(source, query, now, request.Range, request.Step, cancellationToken);
        var digest = Domain.Reports.ReportDigest.Of(
            $"{query}\n{request.Range.TotalSeconds}\n{request.Step.TotalSeconds}\n{now.ToUnixTimeSeconds()}\n{Judging(request)}\n"
            + string.Join("\n", series is null ? [] : series.Values.Select((v, i) => FormattableString.Invariant($"{series.Times[i].ToUnixTimeSeconds()} {v:R}"))));
        return series is null
            ? Build(request, new Series(query, [], []), digest, Verdict.Hold, problem + ": hold", [], [])
            : Evidence(request, series, digest);
    }

    // The options that change the verdict, for the digest: an approval of one judgement must not cover another.
    private static string Judging(TrendRequest request) => FormattableString.Invariant(
        $"direction {request.Direction} baseline {request.Baseline?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} alpha {request.Alpha:R} minPoints {request.MinPoints} minDailyChange {request.MinDailyChange:R} name {request.SeriesName}");

    /// <summary>A series already read, judged: what both sources share.</summary>
    public static Evidence Evidence(TrendRequest request, Series series, string digest)
    {
        if (request.Direction is not ("decrease" or "increase"))
        {
            throw new InvalidInputException($"--direction {request.Direction}: expected decrease or increase");
        }

        var n = series.Values.Length;
        if (n < request.MinPoints)
        {
            return Build(request, series, digest, Verdict.Hold, $"{Counted.Of(n, "point")}; at least {request.MinPoints} are needed to tell a trend from noise", [], []);
        }

        // A baseline asked for that leaves almost nothing after it cannot judge what follows it: lowering it quietly
        // would chart a different in-control level than the one asked for. A long series is charted as block means
        // (ChartBlocks), its baseline in whole blocks: the default half the blocks, at most 30; one asked for in points
        // rounded up to whole blocks, at least 3.
        var blocks = ChartBlocks.For(n);
        var baselineBlocks = blocks.Averaged
            ? Math.Max(3, request.Baseline is { } asked ? blocks.Of(Math.Min(asked, n) - 1) + 1 : Math.Min(30, blocks.Count / 2))
            : Math.Max(3, request.Baseline ?? Math.Min(30, n / 2));
        var baseline = blocks.Start(baselineBlocks);
        if (baselineBlocks > blocks.Count - 2)
        {
            return Build(request, series, digest, Verdict.Hold, blocks.Averaged
                ? $"{Counted.Of(n, "point")}, charted as {blocks.Count} block means of up to {blocks.Size}; a baseline of {request.Baseline} points in whole blocks leaves {Counted.Of(Math.Max(0, blocks.Count - baselineBlocks), "block")} after it, and at least 2 are needed to judge a trend"
                : $"{Counted.Of(n, "point")}; a baseline of {baseline} leaves {Counted.Of(Math.Max(0, n - baseline), "point")} after it, and at least 2 are needed to judge a trend", [], []);
        }

        var sign = request.Direction == "decrease" ? 1.0 : -1.0;
        var x = series.Values.Select(v => sign * v).ToArray();

        // The baseline's set-aside points are charted at its level: a bad day already judged an outlier of the
        // baseline must not be the chart's alarm (nor its change point) for a decline that starts weeks later. On a
        // long series the bad points go first, so a bad minute does not move its block's mean; then a bad block.
        var pointBaseline = RobustBaseline.Estimate(x[..baseline]);
        var cleaned = x.ToArray();
        foreach (var i in pointBaseline.Outliers)
        {
            cleaned[i] = pointBaseline.Level;
        }

        // The block means as they were, for the fact naming a set-aside block; the chart sees it at the level.
        var means = blocks.Averaged ? blocks.Means(cleaned) : cleaned;
        var charted = blocks.Averaged ? means.ToArray() : cleaned;
        var robust = blocks.Averaged ? RobustBaseline.Estimate(means[..baselineBlocks]) : pointBaseline;
        var (mean, sd) = (robust.Level, robust.Noise);
        var phi = Math.Clamp(robust.Autocorrelation, 0, 0.9);
        var sigma = Math.Max(sd * Math.Sqrt((1 + phi) / (1 - phi)), Math.Max(Math.Abs(mean) * 1e-9, 1e-12));
        if (blocks.Averaged)
        {
            foreach (var b in robust.Outliers)
            {
                charted[b] = mean;
            }
        }

        // Where a decline would have started: the best level-then-line fit over the whole series. The charts' alarm
        // that counts is their first at or after it, each chart started afresh after an alarm: in control, CUSUM
        // signals about once per 931 points and EWMA once per 369, so on an hour's or a minute's series some signal
        // comes long before any decline, and taken as its start it put the onset weeks early and halved the slope.
        var days = series.Times.Select(t => (t - series.Times[0]).TotalDays).ToArray();
        var hinge = Math.Max(0, HingeOnset.Estimate(days, cleaned));
        ControlChartAlarm CusumFrom(int start) => Cusum.Lower(charted, mean, sigma, start: start);
        ControlChartAlarm EwmaFrom(int start) => Ewma.Lower(charted, mean, sigma, start: start);
        var (cusumFirst, ewmaFirst) = (CusumFrom(0), EwmaFrom(0));
        var hingeBlock = blocks.Of(hinge);
        var cusum = blocks.ToPoints(ControlChartAlarm.FirstFrom(cusumFirst, CusumFrom, hingeBlock));
        var ewma = blocks.ToPoints(ControlChartAlarm.FirstFrom(ewmaFirst, EwmaFrom, hingeBlock));
        var first = new[] { cusum, ewma }.Where(a => a.Alarmed).OrderBy(a => a.AlarmIndex).FirstOrDefault();
        var earlier = new[] { cusumFirst, ewmaFirst }.Where(a => a.Alarmed).Select(a => blocks.ToPoints(a).AlarmIndex).DefaultIfEmpty(-1).Min();
        // MK's variance widened for the noise's autocorrelation, read from what the level-then-line fit leaves: a
        // straight line through a bend leaves its shape behind, which reads as autocorrelation and costs power.
        var rho = MannKendall.Autocorrelation(HingeOnset.Residuals(days, cleaned, days[hinge]), 1);
        var mk = MannKendall.Ar1Corrected(x, rho);
        // A block's change point is a whole block coarse, and on a slow decline CUSUM's sits about a block before the
        // bend (a median day early on 60 days of hours); the fit's bend is placed to the point.
        var from = first is null ? 0 : blocks.Averaged ? hinge : Math.Min(first.OnsetIndex, hinge);
        var sen = from <= n - 3 ? SenSlope.Estimate(days[from..], series.Values[from..]) : SenSlope.Estimate(days, series.Values);
        var level = sign * mean;
        var relative = level != 0 ? sen.Slope / Math.Abs(level) : double.NaN;
        var confirmed = mk.PValue < request.Alpha && mk.S < 0;
        var practical = !(Math.Abs(relative) < request.MinDailyChange) && sign * sen.Slope < 0;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("baseline", blocks.Averaged
                ? $"{baseline} points as {baselineBlocks} block means of up to {blocks.Size} points (the series charted as {blocks.Count}), level {F(level)}, noise of a block's mean {F(sd)} (lag-1 autocorrelation {F(phi)}){SetAside(series, pointBaseline.Outliers, "outlier", i => series.Values[i])}{SetAside(series, [.. robust.Outliers.Select(blocks.Start)], "block", i => sign * means[blocks.Of(i)], "from ")}"
                : $"{baseline} points, level {F(level)}, noise {F(sd)} (lag-1 autocorrelation {F(phi)}){SetAside(series, robust.Outliers, "outlier", i => series.Values[i])}"),
            new("mann-kendall", $"S {mk.S}, Z {F(mk.Z)}, p {P(mk.PValue, request.Alpha)} (Var(S) × {F(MannKendall.Ar1Factor(rho, n))}: AR(1) noise of lag-1 autocorrelation {F(rho)} in the fit's residuals)"),
            new("fitted-start", $"the best level-then-line fit bends at {Time(series, hinge)}; a chart's alarm counts at or after it"),
            new("cusum", cusum.Alarmed ? $"signalled at {Time(series, cusum.AlarmIndex)}" : "no signal"),
            new("ewma", ewma.Alarmed ? $"signalled at {Time(series, ewma.AlarmIndex)}" : "no signal"),
            new("sen-slope", $"{F(sen.Slope)}/day [{F(sen.Low)}, {F(sen.High)}]"),
        };
        if (first is not null && confirmed && practical)
        {
            var onset = Time(series, from);
            var finding = new Finding("trend", Severity.High, request.SeriesName,
                $"sustained {request.Direction} since {onset}: {F(sen.Slope)}/day ({F(100 * relative)}%/day of the baseline level), projected {F(7 * sen.Slope)} in 7 days; Mann-Kendall p {P(mk.PValue, request.Alpha)}")
            {
                Evidence = new Dictionary<string, object?>
                {
                    ["onset"] = onset,
                    ["alarm"] = Time(series, first.AlarmIndex),
                    ["slopePerDay"] = sen.Slope,
                    ["slopeLow"] = sen.Low,
                    ["slopeHigh"] = sen.High,
                    ["relativePerDay"] = relative,
                    ["mannKendallP"] = mk.PValue,
                    ["mannKendallZ"] = mk.Z,
                    ["chart"] = first == cusum ? "cusum" : "ewma",
                    ["baselineLevel"] = level,
                },
            };
            return Build(request, series, digest, Verdict.Fail, finding.Message, [finding], facts) with { Figures = [Figure(request, sen.Slope, relative, mk, flagged: true)] };
        }

        // A step down that stays down is no spike: the chart's change point onwards and the last points all sit well
        // below the baseline, yet Mann-Kendall over the whole series may not confirm a monotone trend (a late step is
        // a few points of n). Said and failed as a sustained shift rather than passed as one that recovered.
        if (first is not null && !confirmed && StillShifted(charted, blocks.Averaged ? blocks.Of(first.OnsetIndex) : first.OnsetIndex, mean, sigma) is { } after)
        {
            var onset = Time(series, first.OnsetIndex);
            var afterLevel = sign * after;
            var change = level != 0 ? (afterLevel - level) / Math.Abs(level) : double.NaN;
            var finding = new Finding("trend", Severity.High, request.SeriesName,
                $"sustained {request.Direction} since {onset}: a step from the baseline level {F(level)} to {F(afterLevel)} ({F(100 * change)}%) that has not recovered, every later point's median beyond 3 σ of the baseline; Mann-Kendall over the whole series p {P(mk.PValue, request.Alpha)} (a step late in the series is too few points of it for a monotone trend)")
            {
                Evidence = new Dictionary<string, object?>
                {
                    ["onset"] = onset,
                    ["alarm"] = Time(series, first.AlarmIndex),
                    ["shape"] = "step",
                    ["levelAfter"] = afterLevel,
                    ["relativeChange"] = change,
                    ["mannKendallP"] = mk.PValue,
                    ["chart"] = first == cusum ? "cusum" : "ewma",
                    ["baselineLevel"] = level,
                },
            };
            return Build(request, series, digest, Verdict.Fail, finding.Message, [finding], facts) with { Figures = [Figure(request, sen.Slope, relative, mk, flagged: true)] };
        }

        var reason = first is null
            ? earlier < 0
                ? $"no sustained {request.Direction}: the level stays within its baseline control limits"
                : $"no sustained {request.Direction}: the control chart signalled at {Time(series, earlier)} but not at or after {Time(series, hinge)}, where the best-fitting {request.Direction} would start: a spike or a shift that recovered, not a trend"
            : !confirmed
                ? $"the control chart signalled at {Time(series, first.AlarmIndex)} but Mann-Kendall finds no monotone {request.Direction} (p {P(mk.PValue, request.Alpha)}): a spike or a shift that recovered, not a trend"
                : $"a {request.Direction} of {F(sen.Slope)}/day is below the practical floor";
        return Build(request, series, digest, Verdict.Pass, reason, [], facts) with { Figures = [Figure(request, sen.Slope, relative, mk, flagged: false)] };
    }

    /// <summary>
    /// The median of the charted values from the change point <paramref name="from"/> to the end when it and the median
    /// of the last three both lie more than 3 σ below the baseline level (at least three values after the change
    /// point: a spike of one or two never does); else null.
    /// </summary>
    private static double? StillShifted(double[] charted, int from, double mean, double sigma)
    {
        if (from < 0 || charted.Length - from < 3)
        {
            return null;
        }

        var limit = mean - (3 * sigma);
        var after = Median(charted[from..]);
        return after < limit && Median(charted[^3..]) < limit ? after : null;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <summary>
    /// The series' slope whether or not it alarmed: a dashboard sees a decline before it is sustained. A series has no
    /// slices: its slice is <c>(all)</c>, the whole data's, as a drift figure's is.
    /// </summary>
    private static ReportFigure Figure(TrendRequest request, double slope, double relative, MannKendallResult mk, bool flagged) =>
        new(request.SeriesName, "(all)", "mann-kendall", flagged, ReportFigure.Finite(
            new("slopePerDay", slope), new("relativePerDay", relative), new("mannKendallZ", mk.Z), new("mannKendallP", mk.PValue)));

    private static Evidence Build(TrendRequest request, Series series, string digest, Verdict verdict, string reason, List<Finding> findings, List<KeyValuePair<string, string>> facts) =>
        new("model-trend", request.Subject, digest, findings)
        {
            Rules = ModelRules.Reported,
            Summary = [new("points", series.Values.Length), new("trend", findings.Count)],
            Facts = request.Model is null ? facts : [new("series", series.Source), .. facts],
            Pending = verdict == Verdict.Hold ? reason : null,
            Wording = new Gates.GateWording(verdict, reason),
            Notes = series.Missing > 0 ? [$"{Counted.Of(series.Missing, "row")} without a value (empty or a missing marker: {string.Join(", ", Tables.ColumnBuilder.MissingNumberMarkers)}) left out of the series"] : [],
        };

    // The baseline's points left out of its level and noise, named: a bad day the user may want to know was seen.
    private static string SetAside(Series series, IReadOnlyList<int> outliers, string what, Func<int, double> value, string from = "") => outliers.Count == 0 ? ""
        : $"; {Counted.Of(outliers.Count, what)} set aside ({string.Join(", ", outliers.Take(5).Select(i => $"{from}{Time(series, i)} at {F(value(i))}"))}{(outliers.Count > 5 ? ", …" : "")})";

    private static string Time(Series series, int index) => Rfc3339.Format(series.Times[index]);

    private static string F(double value) => Gates.ShortNumber.Of(value, smallDigits: 3);

    private static string P(double p, double alpha) => Gates.PValueText.Of(p, alpha);
}
