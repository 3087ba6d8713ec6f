#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:property PublishAot=false
// Decision quality of the canary judge (a benchmark, not a test): seeded Poisson traffic in process, N simulated
// canaries per scenario, twenty slices, a 10-minute window of ten 1-minute intervals. Each canary is judged by the
// product's own CanaryJudge at every minute (--watch semantics: rolled back if any look rolls back) and once at the
// end, and on the same counts by two anchors: a Flagger-style aggregate check (canary error rate < 1% per 1-minute
// check, rollback at the first failed check) and Kayenta's default classifier (Mann-Whitney U on the ten per-minute
// error rates per slice, 98% interval: a slice is High when the canary is higher at that level; the canary fails when
// the score, the share of slices not High, is below the default marginal threshold of 75, and "any High" is shown too).
// Usage: dotnet run -c Release eng/bench/CanaryQuality.cs -- [canaries per scenario] [seed] [scenario name filter]
using System.Diagnostics;
using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;

var canaries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20261130;
var only = args.Length > 2 ? args[2] : "";
const int slices = 20, steps = 10, badSlice = 10;
var spec = SpecLoader.Parse("""
    window: 10m
    interval: 1m
    minSamples: 200
    groups: { baseline: 'version="v1"', canary: 'version="v2"' }
    sliceBy: [tenant]
    metrics:
      - name: error-rate
        type: ratio
        errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
        total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
        maxRatio: 2.0
        maxValue: 0.01
    """, "bench.yaml");

// (name, requests per slice and group per window, bad slice's ratio, baseline rates spread 5× or equal)
(string Name, double Requests, double Ratio, bool Spread)[] scenarios =
[
    ("healthy, homogeneous", 8000, 1, false),
    ("healthy, baselines 5× apart", 8000, 1, true),
    ("one slice 4×, homogeneous", 8000, 4, false),
    ("one slice 2.5×, homogeneous", 8000, 2.5, false),
    ("one slice 4×, baselines 5× apart", 8000, 4, true),
    ("one slice 2.5×, baselines 5× apart", 8000, 2.5, true),
    ("healthy, 2,000 requests", 2000, 1, false),
    ("one slice 4×, 2,000 requests", 2000, 4, false),
    ("one slice 2.5×, 2,000 requests", 2000, 2.5, false),
    ("healthy, 30,000 requests", 30000, 1, false),
    ("one slice 2.5×, 30,000 requests", 30000, 2.5, false),
    ("one slice 1.5×, 30,000 requests", 30000, 1.5, false),
];

Console.WriteLine($"canary decision quality: {canaries} canaries per scenario, {slices} slices, 10 looks of 1m, 0.2% baseline errors (geometric mean), confidence {spec.Confidence}, seed {seed}");
Console.WriteLine("| scenario | Tollgate, looked at every minute: rolled back | Tollgate, once at the end: rolled back | right slice named | promoted at the end | Flagger-style aggregate < 1% | Kayenta default (score < 75) | Kayenta, any slice High |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
var clock = Stopwatch.StartNew();
foreach (var (scenarioIndex, scenario) in scenarios.Index())
{
    if (!scenario.Name.Contains(only, StringComparison.Ordinal))
    {
        continue;
    }

    var results = new (bool Watch, bool End, bool Named, bool Promoted, bool Flagger, bool Kayenta, bool KayentaAny)[canaries];
    Parallel.For(0, canaries, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, run =>
    {
        var random = new Random(HashCode.Combine(seed, scenarioIndex, run));
        var rates = Enumerable.Range(0, slices).Select(i => scenario.Spread ? 0.002 * Math.Pow(5, i / (slices - 1.0) - 0.5) : 0.002).ToArray();
        var perStep = scenario.Requests / steps;
        var counts = new double[slices, 2, 2, steps]; // slice, group (0 baseline, 1 canary), (0 requests, 1 errors), step
        for (var s = 0; s < slices; s++)
        {
            for (var g = 0; g < 2; g++)
            {
                var rate = rates[s] * (g == 1 && s == badSlice ? scenario.Ratio : 1);
                for (var t = 0; t < steps; t++)
                {
                    var requests = Poisson(random, perStep);
                    counts[s, g, 0, t] = requests;
                    counts[s, g, 1, t] = Binomial(random, (long)requests, rate);
                }
            }
        }

        var watch = false;
        CanaryJudgement? last = null;
        for (var look = 1; look <= steps; look++)
        {
            last = CanaryJudge.Judge(spec, Observe(spec, counts, look), look == steps, []);
            watch |= last.Verdict == Verdict.Fail;
        }

        var end = last!.Verdict == Verdict.Fail;
        var named = end && last.Slices[0].Key.ToString() == $"tenant=t{badSlice:00}";
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
            var canary = Enumerable.Range(0, steps).Select(t => Rate(counts, s, 1, t)).ToArray();
            var baseline = Enumerable.Range(0, steps).Select(t => Rate(counts, s, 0, t)).ToArray();
            return MannWhitney.TestGreater(canary, baseline).PValue < 0.01;
        });
        results[run] = (watch, end, named, last.Verdict == Verdict.Pass, flagger, 100.0 * (slices - high) / slices < 75, high > 0);
    });

    string Share(Func<(bool Watch, bool End, bool Named, bool Promoted, bool Flagger, bool Kayenta, bool KayentaAny), bool> f) =>
        (100.0 * results.Count(f) / canaries).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    Console.WriteLine($"| {scenario.Name} | {Share(r => r.Watch)} | {Share(r => r.End)} | {(scenario.Ratio > 1 ? Share(r => r.Named) : "—")} | {Share(r => r.Promoted)} | {Share(r => r.Flagger)} | {Share(r => r.Kayenta)} | {Share(r => r.KayentaAny)} |");
}

Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0} s");

static double Rate(double[,,,] counts, int slice, int group, int step) =>
    counts[slice, group, 0, step] > 0 ? counts[slice, group, 1, step] / counts[slice, group, 0, step] : 0;

static List<SliceObservation> Observe(CanarySpec spec, double[,,,] counts, int look)
{
    var list = new List<SliceObservation>();
    for (var s = 0; s < counts.GetLength(0); s++)
    {
        var groups = new GroupObservation[2];
        for (var g = 0; g < 2; g++)
        {
            groups[g] = new GroupObservation(look) { Present = true };
            for (var t = 0; t < look; t++)
            {
                groups[g].Totals[t] = counts[s, g, 0, t];
                groups[g].Events[t] = counts[s, g, 1, t];
            }
        }

        list.Add(new SliceObservation(new SliceKey([new("tenant", $"t{s:00}")]), spec.Metrics[0], groups[0], groups[1]));
    }

    return list;
}

// Poisson by inversion below a mean of 30, else the normal approximation (requests per minute are in the hundreds).
static double Poisson(Random random, double mean)
{
    if (mean > 30)
    {
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * z));
    }

    var u = random.NextDouble();
    var k = 0;
    var p = Math.Exp(-mean);
    var cdf = p;
    while (u > cdf && k < 1000)
    {
        k++;
        p *= mean / k;
        cdf += p;
    }

    return k;
}

// Errors among the requests: Bin(n, p) with p small, drawn as Poisson(n·p) truncated at n (exact enough at 0.2–1%).
static double Binomial(Random random, long n, double p) => Math.Min(n, Poisson(random, n * p));
