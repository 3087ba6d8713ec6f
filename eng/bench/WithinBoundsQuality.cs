#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:project Simulation/Tollgate.Simulation.csproj
#:property PublishAot=false
// How good moreForWithinBounds is (a benchmark, not a test): for a check within bounds but only not shown worse, the
// judge says "≈N more canary requests would show it within bounds; an estimate if the rates stay". Each run draws a
// 10-minute window (10% canary, 90% baseline, seeded Poisson traffic) for one slice, judges it with the product's
// CanaryJudge at a look (the last, 10 of 10, or an early one, 5 of 10), and when the check is within bounds with an
// estimate N, adds N canary requests (and the baseline's share beside them) and judges again at the window's last look:
//   exact:    the added traffic at exactly the observed rates (counts scaled): "if the rates stay" taken literally, so the
//             upper end should land at the bound, just under it (shown within bounds in ~100%, upper/bound just below 1);
//   observed: the added traffic drawn (Poisson, multinomial buckets) at the observed rates: the estimate is then about
//             the median traffic needed, so about half the runs show it within bounds;
//   true:     the added traffic drawn at the scenario's true rates.
// Usage: dotnet run -c Release eng/bench/WithinBoundsQuality.cs -- [runs per scenario] [seed]
using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Simulation;
using static Tollgate.Simulation.Draws;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20261207;
double[] le = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.6, double.PositiveInfinity];
// Latency: the share of requests in each bucket (sums to 1); the p90 falls in (0.4, 0.5].
double[] shape = [0.10, 0.20, 0.25, 0.15, 0.12, 0.06, 0.04, 0.04, 0.02, 0.01, 0.01];

Scenario[] scenarios =
[
    new("error rate, relative maxRatio 1.5, both 1%, 1,000 canary", "relative", Ratio("maxRatio: 1.5"), 1000, 0.01, 1.0),
    new("error rate, relative maxRatio 2, canary 1.2× of 0.5%, 2,000 canary", "relative", Ratio("maxRatio: 2"), 2000, 0.005, 1.2),
    new("error rate, relative maxRatio 1.2, both 2%, 10,000 canary", "relative", Ratio("maxRatio: 1.2"), 10000, 0.02, 1.0),
    new("error rate, slo maxValue 2%, 1%, 1,000 canary", "slo", Ratio("maxValue: 0.02"), 1000, 0.01, 1.0),
    new("error rate, slo maxValue 1%, 0.3%, 400 canary", "slo", Ratio("maxValue: 0.01"), 400, 0.003, 1.0),
    new("error rate, slo maxValue 0.5%, 0.1%, 300 canary (often no errors)", "slo", Ratio("maxValue: 0.005"), 300, 0.001, 1.0),
    new("latency p90, slo maxValue 0.6s, 300 canary", "slo", Latency("maxValue: 0.6"), 300, 0, 1.0),
    new("latency p90, relative maxRatio 1.3, 400 canary", "relative", Latency("maxRatio: 1.3"), 400, 0, 1.0),
];

Console.WriteLine($"moreForWithinBounds calibration: {runs} runs per scenario and look, seed {seed}; after adding the estimate, judged at the last look");
Console.WriteLine("| scenario | look | runs with an estimate | median estimate / canary requests | exact: shown within | exact: median upper/bound | observed rates: shown within | true rates: shown within |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var s in scenarios)
{
    foreach (var look in new[] { 10, 5 })
    {
        var rows = new (double Ratio, bool Exact, double ExactReach, bool Observed, bool True)?[runs];
        Parallel.For(0, runs, run =>
        {
            var random = new SplitMix64(SplitMix64.Key(seed, $"{s.Name}/{look}", run));
            var perStep = s.Canary / 10.0;
            var baseline = Group(10, look, i => Draw(random, s, perStep * 9, s.Rate, 1));
            var canary = Group(10, look, i => Draw(random, s, perStep, s.Rate * s.Worse, s.Worse));
            var check = Judge(s, baseline, canary);
            if (check is not { Status: CheckStatus.Within, MoreForWithinBounds: { } more } || more <= 0)
            {
                return;
            }

            var f = more / Step.Sum(canary).Total;
            // Scaled: the observed counts times (1 + f), the window's last look (10 steps, the added ones at the end).
            var exact = Judge(s, Grow(baseline, b => Scale(b, f)), Grow(canary, c => Scale(c, f)));
            var observed = Judge(s, Grow(baseline, b => Resample(random, b, f)), Grow(canary, c => Resample(random, c, f)));
            var truth = Judge(s, Grow(baseline, b => Draw(random, s, b.Total * f, s.Rate, 1)), Grow(canary, c => Draw(random, s, c.Total * f, s.Rate * s.Worse, s.Worse)));
            rows[run] = (f, Shown(exact), exact is null ? double.NaN : Upper(exact) / exact.Bound, Shown(observed), Shown(truth));
        });
        var done = rows.OfType<(double Ratio, bool Exact, double ExactReach, bool Observed, bool True)>().ToList();
        if (done.Count == 0)
        {
            Console.WriteLine($"| {s.Name} | {look} of 10 | 0 | | | | | |");
            continue;
        }

        Console.WriteLine($"| {s.Name} | {look} of 10 | {done.Count} | {Median(done.Select(d => d.Ratio)):0.00} | {Share(done.Select(d => d.Exact))} | {Median(done.Select(d => d.ExactReach)):0.000} | {Share(done.Select(d => d.Observed))} | {Share(done.Select(d => d.True))} |");
    }
}

static string Share(IEnumerable<bool> xs)
{
    var list = xs.ToList();
    return $"{100.0 * list.Count(x => x) / list.Count:0.0}%";
}

static double Median(IEnumerable<double> xs)
{
    var sorted = xs.Order().ToArray();
    return sorted[sorted.Length / 2];
}

bool Shown(CheckResult? c) => c is not null && Upper(c) <= c.Bound;

static double Upper(CheckResult c) => c.Rule == "slo" ? c.CanaryInterval.Upper : c.RatioInterval.Upper;

CheckResult? Judge(Scenario s, Step[] baseline, Step[] canary)
{
    var spec = s.Spec;
    var o = new SliceObservation(new SliceKey([new("tenant", "a")]), spec.Metrics[0], Observe(baseline), Observe(canary));
    return CanaryJudge.Judge(spec, [o], null, []).Checks.SingleOrDefault(c => c.Rule == s.Rule);
}

// A group's steps: this look's own, then (when grown) empty ones up to the window's last look, the added traffic in it.
static Step[] Group(int window, int look, Func<int, Step> draw) => Enumerable.Range(0, look).Select(draw).ToArray();

static Step[] Grow(Step[] steps, Func<Step, Step> added)
{
    var sum = Step.Sum(steps);
    var grown = steps.Concat(Enumerable.Repeat(Step.Empty, 10 - steps.Length)).ToArray();
    grown[^1] = Step.Sum([grown[^1], added(sum)]);
    return grown;
}

GroupObservation Observe(Step[] steps)
{
    var group = new GroupObservation(steps.Length) { Present = true };
    for (var i = 0; i < steps.Length; i++)
    {
        group.Totals[i] = steps[i].Total;
        group.Events[i] = steps[i].Errors;
        if (steps[i].Buckets is { } b)
        {
            double running = 0;
            group.Histograms[i] = new Histogram(le.Select((bound, j) => new HistogramBucket(bound, running += b[j])));
        }
    }

    return group;
}

Step Draw(SplitMix64 random, Scenario s, double requests, double rate, double slower)
{
    var n = Poisson(random, requests);
    return s.Latency ? new Step(n, 0, Multinomial(random, (long)n, Slower(slower))) : new Step(n, Binomial(random, (long)n, rate), null);
}

// The canary's latencies `slower` times the baseline's: for a factor of 1, the shape itself.
double[] Slower(double factor) => factor == 1 ? shape : throw new NotSupportedException("latency scenarios are at factor 1");

Step Scale(Step sum, double f) =>
    new(sum.Total * f, sum.Errors * f, sum.Buckets?.Select(b => b * f).ToArray());

Step Resample(SplitMix64 random, Step sum, double f)
{
    var n = Poisson(random, sum.Total * f);
    return sum.Buckets is { } b
        ? new Step(n, 0, Multinomial(random, (long)n, b.Select(x => x / sum.Total).ToArray()))
        : new Step(n, Binomial(random, (long)n, sum.Errors / Math.Max(sum.Total, 1)), null);
}

static double[] Multinomial(SplitMix64 random, long n, double[] p)
{
    var counts = new double[p.Length];
    var left = n;
    var mass = 1.0;
    for (var j = 0; j < p.Length - 1 && left > 0; j++)
    {
        var share = mass <= 0 ? 0 : Math.Min(1, p[j] / mass);
        // Bin(left, share): Poisson for small shares, normal otherwise (the counts here are in the hundreds).
        var mean = left * share;
        var x = share < 0.05 ? Math.Min(left, Poisson(random, mean)) : Math.Clamp(Math.Round(mean + Math.Sqrt(mean * (1 - share)) * Normal(random)), 0, left);
        counts[j] = x;
        left -= (long)x;
        mass -= p[j];
    }

    counts[^1] += left;
    return counts;
}

static CanarySpec Ratio(string bound) => SpecLoader.Parse($$$"""
    window: 10m
    interval: 1m
    minSamples: 100
    groups:
      baseline: 'version="v1"'
      canary: 'version="v2"'
    sliceBy: [tenant]
    metrics:
      - name: error-rate
        type: ratio
        errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
        total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
        {{{bound}}}
    """, "bench.yaml");

static CanarySpec Latency(string bound) => SpecLoader.Parse($$$"""
    window: 10m
    interval: 1m
    minSamples: 100
    groups:
      baseline: 'version="v1"'
      canary: 'version="v2"'
    sliceBy: [tenant]
    metrics:
      - name: latency-p90
        type: latency
        quantile: 0.9
        buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
        {{{bound}}}
    """, "bench.yaml");

internal sealed record Scenario(string Name, string Rule, CanarySpec Spec, double Canary, double Rate, double Worse)
{
    public bool Latency => Spec.Metrics[0].Type == MetricType.Latency;
}

internal sealed record Step(double Total, double Errors, double[]? Buckets)
{
    public static Step Empty { get; } = new(0, 0, null);

    public static Step Sum(IEnumerable<Step> steps)
    {
        var list = steps.ToList();
        var withBuckets = list.Where(s => s.Buckets is not null).ToList();
        double[]? buckets = withBuckets.Count == 0 ? null
            : Enumerable.Range(0, withBuckets[0].Buckets!.Length).Select(j => withBuckets.Sum(s => s.Buckets![j])).ToArray();
        return new Step(list.Sum(s => s.Total), list.Sum(s => s.Errors), buckets);
    }
}
