#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:project Simulation/Tollgate.Simulation.csproj
#:property PublishAot=false
// Decision quality of the canary judge (a benchmark, not a test): seeded Poisson traffic in process, N simulated
// canaries per scenario, twenty slices, a 10-minute window of ten 1-minute intervals. Each canary is judged the way
// `tollgate canary` judges it: the product's CanaryEvaluator (side by side, mistakes as errors) asks an in-memory source
// that answers the spec's queries from the simulated counts, and its CanaryJudge decides, at every minute (--watch
// semantics: rolled back if any look rolls back) and once at the end. On the same counts, two anchors: a Flagger-style
// aggregate check (canary error rate < 1% per 1-minute check, rollback at the first failed check) and Kayenta's default
// classifier (Mann-Whitney U on the per-minute error rates per slice, minutes without requests removed as Kayenta's
// default NaN strategy does, 98% interval: a slice is High when the canary is higher at that level; the canary fails
// when the score, the share of slices not High, is below the default marginal threshold of 75; "any High" shown too).
// Every canary draws from its own generator, seeded from (seed, scenario name, canary index), so the table is the same
// on every run, whatever the thread count, the scheduling or the scenario filter.
// Usage: dotnet run -c Release eng/bench/CanaryQuality.cs -- [canaries per scenario] [seed] [scenario name filter]
// With the filter "life": a bad canary's life under Argo-style stateless calls instead (CanaryLife.Run, one slice,
// 1 % baseline errors, the canary at 2×, maxRatio 1.5): asked every minute over the 10-minute window ending then, at the
// look of its age (now) against every call at the last look (before), detection and minutes to rollback.
using System.Diagnostics;
using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using Tollgate.Simulation;
using static Tollgate.Simulation.Draws;

var canaries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20261130;
var only = args.Length > 2 ? args[2] : "";
const int slices = 20, steps = 10, badSlice = 10;
var spec = SpecLoader.Parse(ReadmeSpec.ErrorRate("version=\"v1\"", "version=\"v2\""), "bench.yaml");
if (only == "life")
{
    CanaryLife.Run(canaries, seed);
    return;
}

Scenario[] scenarios =
[
    new("healthy, homogeneous", 8000, 1),
    new("healthy, baselines 5× apart", 8000, 1, Baselines: Baselines.Spread),
    new("one slice 4×, homogeneous", 8000, 4),
    new("one slice 2.5×, homogeneous", 8000, 2.5),
    new("one slice 4×, baselines 5× apart", 8000, 4, Baselines: Baselines.Spread),
    new("one slice 2.5×, baselines 5× apart", 8000, 2.5, Baselines: Baselines.Spread),
    new("healthy, baseline started 1 minute late", 8000, 1, BaselineLate: true),
    new("one slice 2.5×, baseline started 1 minute late", 8000, 2.5, BaselineLate: true),
    new("healthy, baseline without traffic in minute 6", 8000, 1, BaselineGap: 5),
    new("one slice 2.5×, baseline without traffic in minute 6", 8000, 2.5, BaselineGap: 5),
    new("healthy, 2,000 requests", 2000, 1),
    new("one slice 4×, 2,000 requests", 2000, 4),
    new("one slice 2.5×, 2,000 requests", 2000, 2.5),
    new("healthy, 200 requests (20 a minute)", 200, 1),
    new("one slice 4×, 200 requests (20 a minute)", 200, 4),
    new("healthy, 30,000 requests", 30000, 1),
    new("one slice 2.5×, 30,000 requests", 30000, 2.5),
    new("one slice 1.5×, 30,000 requests", 30000, 1.5),
    new("one slice 1.5× (within maxRatio 2), homogeneous", 8000, 1.5),
    new("one slice 1.8× (within maxRatio 2), homogeneous", 8000, 1.8),
    new("one slice 1.8× (within maxRatio 2), 30,000 requests", 30000, 1.8),
    new("healthy, one baseline 8× the others", 8000, 1, Baselines: Baselines.OneHigh),
    new("one slice 2.5×, one baseline 8× the others", 8000, 2.5, Baselines: Baselines.OneHigh),
    new("healthy, baselines in two groups 8× apart", 8000, 1, Baselines: Baselines.TwoGroups),
    new("one slice 2.5×, baselines in two groups 8× apart", 8000, 2.5, Baselines: Baselines.TwoGroups),
];

Console.WriteLine($"canary decision quality: {canaries} canaries per scenario, {slices} slices, 10 looks of 1m, 0.2% baseline errors (geometric mean), confidence {spec.Confidence}, seed {seed}");
Console.WriteLine("| scenario | Tollgate, looked at every minute: rolled back | Tollgate, once at the end: rolled back | right slice named | held at the end | promoted at the end | Flagger-style aggregate < 1% | Kayenta default (score < 75) | Kayenta, any slice High |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
var clock = Stopwatch.StartNew();
var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
foreach (var scenario in scenarios.Where(s => s.Name.Contains(only, StringComparison.Ordinal)))
{
    var results = new Outcome[canaries];
    Parallel.For(0, canaries, run =>
    {
        var random = new SplitMix64(SplitMix64.Key(seed, scenario.Name, run));
        var counts = Simulate(random, scenario);
        var evaluator = new CanaryEvaluator(spec, new CountsSource(counts, start, spec.Interval)) { MistakesAreErrors = true, SideBySide = true };
        var watch = false;
        CanaryJudgement? last = null;
        for (var look = 1; look <= steps; look++)
        {
            var window = new EvaluationWindow(start, start + spec.Interval * look, spec.Interval);
            last = evaluator.EvaluateAsync(window, requireFullWindow: true, CancellationToken.None).GetAwaiter().GetResult();
            watch |= last.Verdict == Verdict.Fail;
        }

        var end = last!.Verdict == Verdict.Fail;
        var flagger = Enumerable.Range(0, steps).Any(t =>
        {
            double errors = 0, requests = 0;
            for (var s = 0; s < slices; s++)
            {
                errors += counts[s, 1, 1, t];
                requests += counts[s, 1, 0, t];
            }

            return requests > 0 && errors / requests >= 0.01;
        });
        var high = Enumerable.Range(0, slices).Count(s =>
        {
            var canary = Rates(counts, s, 1);
            var baseline = Rates(counts, s, 0);
            return canary.Length > 0 && baseline.Length > 0 && MannWhitney.TestGreater(canary, baseline).PValue < 0.01;
        });
        results[run] = new Outcome(
            watch,
            end,
            end && last.Slices[0].Key.ToString() == $"tenant=t{badSlice:00}",
            last.Verdict == Verdict.Hold,
            last.Verdict == Verdict.Pass,
            flagger,
            100.0 * (slices - high) / slices < 75,
            high > 0);
    });

    string Share(Func<Outcome, bool> f) => (100.0 * results.Count(f) / canaries).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    Console.WriteLine($"| {scenario.Name} | {Share(r => r.Watch)} | {Share(r => r.End)} | {(scenario.Ratio > 1 ? Share(r => r.Named) : "—")} | {Share(r => r.Held)} | {Share(r => r.Promoted)} | {Share(r => r.Flagger)} | {Share(r => r.Kayenta)} | {Share(r => r.KayentaAny)} |");
}

Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0} s");

// Requests and errors per slice, group (0 baseline, 1 canary), field (0 requests, 1 errors) and minute.
static double[,,,] Simulate(SplitMix64 random, Scenario scenario)
{
    var counts = new double[slices, 2, 2, steps];
    for (var s = 0; s < slices; s++)
    {
        var rate = scenario.Baselines switch
        {
            Baselines.Spread => 0.002 * Math.Pow(5, s / (slices - 1.0) - 0.5),
            Baselines.OneHigh => s == slices - 1 ? 0.008 : 0.001,
            Baselines.TwoGroups => s % 2 == 0 ? 0.0007 : 0.0056,
            _ => 0.002,
        };
        for (var g = 0; g < 2; g++)
        {
            var groupRate = rate * (g == 1 && s == badSlice ? scenario.Ratio : 1);
            for (var t = 0; t < steps; t++)
            {
                var requests = g == 0 && ((t == 0 && scenario.BaselineLate) || t == scenario.BaselineGap) ? 0 : Poisson(random, scenario.Requests / steps);
                counts[s, g, 0, t] = requests;
                counts[s, g, 1, t] = Binomial(random, (long)requests, groupRate);
            }
        }
    }

    return counts;
}

// The per-minute error rates of one slice and group; a minute without requests has no rate (Kayenta's NaN, removed).
static double[] Rates(double[,,,] counts, int slice, int group) =>
    Enumerable.Range(0, steps).Where(t => counts[slice, group, 0, t] > 0).Select(t => counts[slice, group, 1, t] / counts[slice, group, 0, t]).ToArray();

/// <summary>One scenario: requests per slice and group per window, the bad slice's error ratio, how the slices' baseline
/// rates differ, and a baseline without traffic in the window's first minute (restarted pods) or in one later minute
/// (BaselineGap: its index, −1 for none).</summary>
internal sealed record Scenario(string Name, double Requests, double Ratio, Baselines Baselines = Baselines.Equal, bool BaselineLate = false, int BaselineGap = -1);

/// <summary>
/// The slices' baseline error rates: all 0.2 %; spread 5× evenly in logarithm (0.09–0.45 %, geometric mean 0.2 %);
/// nineteen at 0.1 % and the last at 0.8 %; or alternating 0.07 % and 0.56 % (the bad slice, t10, is in the lower group).
/// </summary>
internal enum Baselines
{
    Equal,
    Spread,
    OneHigh,
    TwoGroups,
}

internal readonly record struct Outcome(bool Watch, bool End, bool Named, bool Held, bool Promoted, bool Flagger, bool Kayenta, bool KayentaAny);

/// <summary>
/// Answers the spec's range queries from simulated counts, as Prometheus would: one series per tenant, one point per
/// minute stamped at the minute's end, no point for a minute in which the group had no requests (a series that did
/// not exist yet). Instant queries (the source probe, "does this metric exist") answer one series.
/// </summary>
internal sealed class CountsSource(double[,,,] counts, DateTimeOffset start, TimeSpan interval) : IMetricSource
{
    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var group = query.Contains("version=\"v2\"", StringComparison.Ordinal) ? 1 : 0;
        var field = query.Contains("errors{", StringComparison.Ordinal) ? 1 : 0;
        var series = new List<MetricSeries>();
        for (var s = 0; s < counts.GetLength(0); s++)
        {
            var points = new List<MetricPoint>();
            for (var at = from; at <= to; at += step)
            {
                var t = (int)((at - start).Ticks / interval.Ticks) - 1;
                if (t >= 0 && t < counts.GetLength(3) && counts[s, group, 0, t] > 0)
                {
                    points.Add(new MetricPoint(at.ToUnixTimeSeconds(), counts[s, group, field, t]));
                }
            }

            if (points.Count > 0)
            {
                series.Add(new MetricSeries(new Dictionary<string, string> { ["tenant"] = $"t{s:00}" }, points));
            }
        }

        return Task.FromResult(new MetricResponse(series));
    }

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), [new MetricPoint(at.ToUnixTimeSeconds(), 1)])]));
}

/// <summary>
/// A bad canary's life as Argo Rollouts judges it (the "life" filter): one slice, the baseline (stable) at 1 % errors with
/// traffic all along, the canary at 2 % from its first minute; each minute of its first ten, a stateless call judges the
/// 10-minute window ending then. Now: that call's look is the canary's age (early looks stricter). Before: every call
/// was the last look; reproduced by a trace of canary traffic (1e-9 requests, no error) in each minute of the window
/// before its first, which makes the judge count the look from the window's first minute without changing its counts. The maxRatio is 1.5 (the README spec's 2.0 would put this canary on its bound)
/// and no maxValue, so only the relative rule decides.
/// </summary>
internal static class CanaryLife
{
    private const int Steps = 10;

    public static void Run(int canaries, long seed)
    {
        var yaml = ReadmeSpec.ErrorRate("version=\"v1\"", "version=\"v2\"").Replace("maxRatio: 2.0", "maxRatio: 1.5", StringComparison.Ordinal);
        var spec = SpecLoader.Parse(string.Join('\n', yaml.Split('\n').Where(l => !l.Contains("maxValue", StringComparison.Ordinal))), "life.yaml");
        var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        Console.WriteLine($"a bad canary's life: {canaries} canaries a row, one slice, baseline 1 % errors, canary 2 %, maxRatio 1.5, confidence {spec.Confidence}, a stateless call each minute of its first 10 over the 10-minute window ending then, seed {seed}");
        Console.WriteLine("| requests/min (each group) | rolled back by minute 10: now (look = age) | before (every call the last look) | minutes to rollback, median (mean): now | before | healthy canary rolled back: now | before |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var rate in (double[])[100, 500, 2000])
        {
            var bad = Lives(spec, start, canaries, seed, rate, 2);
            var healthy = Lives(spec, start, canaries, seed, rate, 1);
            Console.WriteLine($"| {rate:0} | {Share(bad, 0)} | {Share(bad, 1)} | {Minutes(bad, 0)} | {Minutes(bad, 1)} | {Share(healthy, 0)} | {Share(healthy, 1)} |");
        }
    }

    // For each canary, the minute of its first rollback (0 when none) now [0] and before [1].
    private static int[][] Lives(CanarySpec spec, DateTimeOffset start, int canaries, long seed, double rate, double ratio)
    {
        var firstFail = new int[canaries][];
        Parallel.For(0, canaries, run =>
        {
            var random = new SplitMix64(SplitMix64.Key(seed, $"life {rate} {ratio}", run));
            var counts = new double[1, 2, 2, 2 * Steps - 1]; // minutes −9 … 10 of the canary's life, index 9 its first
            for (var t = 0; t < 2 * Steps - 1; t++)
            {
                for (var g = 0; g < 2; g++)
                {
                    var requests = g == 1 && t < Steps - 1 ? 0 : Poisson(random, rate);
                    counts[0, g, 0, t] = requests;
                    counts[0, g, 1, t] = Binomial(random, (long)requests, 0.01 * (g == 1 ? ratio : 1));
                }
            }

            firstFail[run] = [FirstFail(spec, start, counts, lastLook: false), FirstFail(spec, start, counts, lastLook: true)];
        });
        return firstFail;
    }

    private static int FirstFail(CanarySpec spec, DateTimeOffset start, double[,,,] counts, bool lastLook)
    {
        for (var age = 1; age <= Steps; age++)
        {
            var seen = (double[,,,])counts.Clone();
            for (var t = age - 1; lastLook && t < Steps - 1; t++)
            {
                seen[0, 1, 0, t] = 1e-9; // a trace of traffic, no error, in each minute before the canary's first
            }

            var evaluator = new CanaryEvaluator(spec, new CountsSource(seen, start, spec.Interval)) { MistakesAreErrors = true, SideBySide = true };
            var window = new EvaluationWindow(start + spec.Interval * (age - 1), start + spec.Interval * (age - 1 + Steps), spec.Interval);
            var judgement = evaluator.EvaluateAsync(window, requireFullWindow: true, CancellationToken.None).GetAwaiter().GetResult();
            if (judgement.Verdict == Verdict.Fail)
            {
                return age;
            }
        }

        return 0;
    }

    private static string Share(int[][] lives, int mode) =>
        (100.0 * lives.Count(l => l[mode] > 0) / lives.Length).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Minutes(int[][] lives, int mode)
    {
        var minutes = lives.Select(l => l[mode]).Where(m => m > 0).Order().ToArray();
        return minutes.Length == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{minutes[minutes.Length / 2]} ({minutes.Average():0.0})");
    }
}
