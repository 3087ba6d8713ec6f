#:project ../../src/Tollgate.Delivery/Tollgate.Delivery.csproj
#:project Simulation/Tollgate.Simulation.csproj
#:property PublishAot=false
// Decision quality of the deploy watch window (a benchmark, not a test): seeded traffic in process, N simulated deploys
// per scenario, twenty slices, the service's own series from 30 minutes before the deploy to 30 after. Each deploy is
// judged the way `tollgate deploy watch` judges it: the product's WatchWindow (the canary judge on the service after
// the deploy against as long a span before it, PreDeployBaseline) looks every minute from the first, a pass only once
// the 10-minute window holds, a hold at the 20-minute deadline (--max-wait's default, twice the window). On the same
// counts, three anchor rules: an Argo Rollouts analysis as its docs write one (the service's error rate below 1 % at
// every 1-minute measurement of the window, failureLimit 0), and a Keptn quality gate comparing the window with the
// 10 minutes before the deploy, relative criterion "<=+10%" (its documented example) and "<=+100%" (maxRatio 2's bound).
// The "latency" scenarios judge a p99 from Prometheus' default buckets instead (maxRatio 1.5), the anchors reading the
// service's p99 (below 0.5 s every minute; the window's against the 10 minutes before).
// Every deploy draws from its own generator, seeded from (seed, scenario name, deploy index), so the table is the same
// on every run, whatever the thread count, the scheduling or the scenario filter.
// Usage: dotnet run -c Release eng/bench/DeployWatchQuality.cs -- [deploys per scenario] [seed] [scenario name filter,
// "!text" for every scenario whose name does not contain it]
using System.Diagnostics;
using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using Tollgate.Simulation;
using static Tollgate.Simulation.Draws;

var deploys = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20261205;
var only = args.Length > 2 ? args[2] : "";
const int slices = 20, window = 10, maxWait = 20, badSlice = 10;
// One watch spec, the same but for its metric: an error rate (ratio) or a p99 latency.
static CanarySpec Watch(string metric, string file) => SpecLoader.Parse($$"""
    window: 10m
    interval: 1m
    minSamples: 200
    groups: { baseline: 'version="unused"', canary: 'app="checkout"' }
    sliceBy: [tenant]
    metrics:
    {{metric}}
    """, file);

var spec = Watch("""
      - name: error-rate
        type: ratio
        errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
        total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
        maxRatio: 2.0
        maxValue: 0.01
    """, "bench.yaml");

var latencySpec = Watch("""
      - name: latency-p99
        type: latency
        quantile: 0.99
        buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
        maxRatio: 1.5
    """, "bench-latency.yaml");

Scenario[] scenarios =
[
    new("healthy, steady", 8000, 1),
    new("every slice 1.3× (a real rise, below maxRatio 2)", 8000, 1, Service: 1.3),
    new("healthy, traffic 1.5× after the deploy", 8000, 1, TrafficAfter: 1.5),
    new("healthy, errors overdispersed (σ 0.5 a slice-minute)", 8000, 1, Overdispersion: 0.5),
    new("healthy, errors overdispersed (σ 1 a slice-minute)", 8000, 1, Overdispersion: 1),
    new("healthy, 80,000 requests, errors overdispersed (σ 1 a slice-minute)", 80000, 1, Overdispersion: 1),
    new("healthy, error level drifting (σ 0.05 a minute)", 8000, 1, Drift: 0.05),
    new("healthy, error level drifting (σ 0.1 a minute)", 8000, 1, Drift: 0.1),
    new("healthy, error bursts (40 errors, 0.1 % of slice-minutes)", 8000, 1, Bursts: 0.001),
    new("healthy, frequent error bursts (40 errors, 1 % of slice-minutes)", 8000, 1, Bursts: 0.01),
    new("one slice 2.5×, error bursts (40 errors, 0.1 % of slice-minutes)", 8000, 2.5, Bursts: 0.001),
    new("one slice 2.5×, frequent error bursts (40 errors, 1 % of slice-minutes)", 8000, 2.5, Bursts: 0.01),
    new("one slice 4×, steady", 8000, 4),
    new("one slice 2.5×, steady", 8000, 2.5),
    new("every slice 2.5×, steady", 8000, 2.5, Service: 2.5, OneSlice: false),
    new("one slice 4×, errors overdispersed", 8000, 4, Overdispersion: 0.5),
    new("one slice 4×, error level drifting", 8000, 4, Drift: 0.1),
    new("every slice 2.5×, error level drifting", 8000, 2.5, Service: 2.5, OneSlice: false, Drift: 0.1),
    new("healthy, 2,000 requests", 2000, 1),
    new("one slice 4×, 2,000 requests", 2000, 4),
    new("healthy, 2,000 requests, errors overdispersed", 2000, 1, Overdispersion: 0.5),
    new("healthy, 30,000 requests", 30000, 1),
    new("one slice 2.5×, 30,000 requests", 30000, 2.5),
    new("latency: healthy, steady", 8000, 1, Latency: true),
    new("latency: healthy, load varying (σ 0.25 of log latency a slice-minute)", 8000, 1, Latency: true, Overdispersion: 0.25),
    new("latency: healthy, pauses (one slice-minute in 1,000 5× slower)", 8000, 1, Latency: true, Bursts: 0.001),
    new("latency: one slice 2× slower, steady", 8000, 2, Latency: true),
    new("latency: one slice 2× slower, load varying", 8000, 2, Latency: true, Overdispersion: 0.25),
    new("latency: one slice 1.2× slower (below maxRatio 1.5), steady", 8000, 1.2, Latency: true),
    new("latency: healthy, 2,000 requests", 2000, 1, Latency: true),
    new("latency: one slice 2× slower, 2,000 requests", 2000, 2, Latency: true),
];

Console.WriteLine($"deploy watch decision quality: {deploys} deploys per scenario, {slices} slices, a {window}-minute window looked at every minute, deadline {maxWait} minutes, 0.2% errors before the deploy, confidence {spec.Confidence}, seed {seed}");
Console.WriteLine("| scenario | Tollgate: rolled back | right slice named | held at the deadline | promoted | median minutes to a rollback | Argo-style: over its threshold (1 % errors, p99 0.5 s) at a minute | Keptn-style: ≤ +10 % | Keptn-style: ≤ +100 % |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
var clock = Stopwatch.StartNew();
var deployedAt = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
foreach (var scenario in scenarios.Where(s => only.StartsWith('!') ? !s.Name.Contains(only[1..], StringComparison.Ordinal) : s.Name.Contains(only, StringComparison.Ordinal)))
{
    var results = new Outcome[deploys];
    Parallel.For(0, deploys, run =>
    {
        var random = new SplitMix64(SplitMix64.Key(seed, scenario.Name, run));
        var series = Simulate(random, scenario);
        var watch = new WatchWindow(scenario.Latency ? latencySpec : spec, new TimelineSource(series, deployedAt), null, null, TextWriter.Null);
        CanaryJudgement judgement;
        var look = 0;
        do
        {
            look++;
            judgement = watch.JudgeAsync(new EvaluationWindow(deployedAt, deployedAt.AddMinutes(look), spec.Interval), CancellationToken.None).GetAwaiter().GetResult();
        }
        while (judgement.Verdict == Verdict.Hold && look < maxWait);

        // For latency the anchors read the p99 of the whole service: Argo-style below 0.5 s every minute, Keptn-style
        // the window's p99 against the 10 minutes before.
        var argo = scenario.Latency
            ? Enumerable.Range(History, window).Any(t => P99(series, t, t + 1) >= 0.5)
            : Enumerable.Range(History, window).Any(t => Aggregate(series, t, t + 1) >= 0.01);
        var before = scenario.Latency ? P99(series, History - window, History) : Aggregate(series, History - window, History);
        var after = scenario.Latency ? P99(series, History, History + window) : Aggregate(series, History, History + window);
        results[run] = new Outcome(
            judgement.Verdict,
            judgement.Verdict == Verdict.Fail && judgement.Slices[0].Key.ToString() == $"tenant=t{badSlice:00}",
            look,
            argo,
            after > before * 1.10,
            after > before * 2.0);
    });

    string Share(Func<Outcome, bool> f) => (100.0 * results.Count(f) / deploys).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    var minutes = results.Where(r => r.Verdict == Verdict.Fail).Select(r => r.Looks).Order().ToArray();
    var median = minutes.Length == 0 ? "—" : minutes[minutes.Length / 2].ToString(CultureInfo.InvariantCulture);
    Console.WriteLine($"| {scenario.Name} | {Share(r => r.Verdict == Verdict.Fail)} | {(scenario.Ratio > 1 && scenario.OneSlice ? Share(r => r.Named) : "—")} | {Share(r => r.Verdict == Verdict.Hold)} | {Share(r => r.Verdict == Verdict.Pass)} | {median} | {Share(r => r.Argo)} | {Share(r => r.Keptn10)} | {Share(r => r.Keptn100)} |");
}

Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0} s");

// The service's error rate over all slices from minute `from` to `to` (indexes into the timeline).
static double Aggregate(double[,,] series, int from, int to)
{
    double errors = 0, requests = 0;
    for (var s = 0; s < slices; s++)
    {
        for (var t = from; t < to; t++)
        {
            requests += series[s, 0, t];
            errors += series[s, 1, t];
        }
    }

    return requests > 0 ? errors / requests : 0;
}

// The p99 of every slice's latency together from minute `from` to `to`, as histogram_quantile reads the buckets.
static double P99(double[,,] series, int from, int to)
{
    var cumulative = new double[Bounds.Length];
    for (var s = 0; s < slices; s++)
    {
        for (var t = from; t < to; t++)
        {
            for (var b = 0; b < Bounds.Length; b++)
            {
                cumulative[b] += series[s, 2 + b, t];
            }
        }
    }

    return new Histogram(Bounds.Select((le, b) => new HistogramBucket(le, cumulative[b]))).Quantile(0.99);
}

// Requests (field 0), errors (field 1) and, for latency, cumulative bucket counts (field 2 + bucket) per slice and
// minute; minute History is the first after the deploy. Latency is log-normal, median 0.1 s, σ 0.6 of its logarithm
// (p99 0.40 s); a slower version multiplies it, load varying multiplies a slice-minute's by a log-normal factor,
// a pause makes a slice-minute 5× slower.
static double[,,] Simulate(SplitMix64 random, Scenario scenario)
{
    var series = new double[slices, 2 + Bounds.Length, 2 * History];
    var level = new double[2 * History];
    for (var t = 1; t < level.Length; t++)
    {
        level[t] = level[t - 1] + (scenario.Drift > 0 ? scenario.Drift * Normal(random) : 0);
    }

    for (var s = 0; s < slices; s++)
    {
        for (var t = 0; t < 2 * History; t++)
        {
            var after = t >= History;
            var ratio = after ? (scenario.OneSlice ? (s == badSlice ? scenario.Ratio : 1) * scenario.Service : scenario.Service) : 1;
            var rate = 0.002 * ratio * Math.Exp(level[t] - level[History - 1]) * LogNormalFactor(random, scenario.Overdispersion);
            var requests = Poisson(random, scenario.Requests / window * (after ? scenario.TrafficAfter : 1));
            series[s, 0, t] = requests;
            if (scenario.Latency)
            {
                var slower = (after && s == badSlice ? scenario.Ratio : 1) * (scenario.Bursts > 0 && random.NextDouble() < scenario.Bursts ? 5 : 1);
                var median = Math.Log(0.1 * slower) + (scenario.Overdispersion > 0 ? scenario.Overdispersion * Normal(random) : 0);
                var left = requests;
                var below = 0.0;
                for (var b = 0; b < Bounds.Length; b++)
                {
                    // Conditional binomials: of the requests not yet placed, those at or below this bound.
                    var p = double.IsPositiveInfinity(Bounds[b]) ? 1 : NormalCdf((Math.Log(Bounds[b]) - median) / 0.6);
                    var pPrevious = b == 0 ? 0 : NormalCdf((Math.Log(Bounds[b - 1]) - median) / 0.6);
                    var share = pPrevious >= 1 ? 1 : Math.Clamp((p - pPrevious) / (1 - pPrevious), 0, 1);
                    var here = BinomialAny(random, left, share);
                    left -= here;
                    below += here;
                    series[s, 2 + b, t] = below;
                }

                continue;
            }

            var burst = scenario.Bursts > 0 && random.NextDouble() < scenario.Bursts ? Poisson(random, 40) : 0;
            series[s, 1, t] = Math.Min(requests, Binomial(random, (long)requests, Math.Min(1, rate)) + burst);
        }
    }

    return series;
}

// Bin(n, p) for any p: the normal approximation when n·p·(1 − p) is large, else Poisson on the rarer side.
static double BinomialAny(SplitMix64 random, double n, double p)
{
    if (p <= 0 || n <= 0)
    {
        return 0;
    }

    if (p >= 1)
    {
        return n;
    }

    var variance = n * p * (1 - p);
    if (variance > 25)
    {
        return Math.Clamp(Math.Round(n * p + Math.Sqrt(variance) * Normal(random)), 0, n);
    }

    return p <= 0.5 ? Math.Min(n, Poisson(random, n * p)) : Math.Max(0, n - Poisson(random, n * (1 - p)));
}

static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

/// <summary>
/// One scenario: requests per slice per 10 minutes; the bad slice's error ratio after the deploy (or every slice's, with
/// OneSlice false); the service's error level after the deploy (Service, on top); traffic after the deploy against
/// before; per slice-minute log-normal noise on the error rate (Overdispersion, the σ of its logarithm); a shared
/// random walk of the error level's logarithm (Drift, its σ a minute, the level at the deploy taken as 0.2 %); bursts of
/// Poisson(40) errors in a slice-minute with probability Bursts.
/// </summary>
internal sealed record Scenario(string Name, double Requests, double Ratio, double Service = 1, bool OneSlice = true, double TrafficAfter = 1,
    double Overdispersion = 0, double Drift = 0, double Bursts = 0, bool Latency = false);

internal readonly record struct Outcome(Verdict Verdict, bool Named, int Looks, bool Argo, bool Keptn10, bool Keptn100);

/// <summary>
/// Answers the watch's range queries from the simulated timeline, as Prometheus would: one series per tenant, one point
/// per minute stamped at the minute's end, no point for a minute without requests. The watch sends the baseline's
/// queries shifted back in time (PreDeployBaseline), so the timeline answers by time alone. Instant queries (the probe,
/// "does this metric exist") answer one series.
/// </summary>
internal sealed class TimelineSource(double[,,] series, DateTimeOffset deployedAt) : IMetricSource
{
    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var buckets = query.Contains("latency_bucket{", StringComparison.Ordinal);
        var fields = buckets ? Enumerable.Range(2, Program.Bounds.Length).ToArray() : [query.Contains("errors{", StringComparison.Ordinal) ? 1 : 0];
        var answer = new List<MetricSeries>();
        for (var s = 0; s < series.GetLength(0); s++)
        {
            foreach (var field in fields)
            {
                var points = new List<MetricPoint>();
                for (var at = from; at <= to; at += step)
                {
                    var t = (int)((at - deployedAt).Ticks / TimeSpan.TicksPerMinute) - 1 + Program.History;
                    if (t >= 0 && t < series.GetLength(2) && series[s, 0, t] > 0)
                    {
                        points.Add(new MetricPoint(at.ToUnixTimeSeconds(), series[s, field, t]));
                    }
                }

                if (points.Count > 0)
                {
                    var labels = new Dictionary<string, string> { ["tenant"] = $"t{s:00}" };
                    if (buckets)
                    {
                        labels["le"] = Program.Le(Program.Bounds[field - 2]);
                    }

                    answer.Add(new MetricSeries(labels, points));
                }
            }
        }

        return Task.FromResult(new MetricResponse(answer));
    }

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), [new MetricPoint(at.ToUnixTimeSeconds(), 1)])]));
}

/// <summary>Minutes of the timeline before the deploy (and after it).</summary>
internal partial class Program
{
    internal const int History = 30;

    /// <summary>Prometheus' default histogram buckets, seconds.</summary>
    internal static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, double.PositiveInfinity];

    internal static string Le(double bound) => double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);
}
