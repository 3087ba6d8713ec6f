#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:project Simulation/Tollgate.Simulation.csproj
#:property PublishAot=false
// A simulation (not a test, not part of eng/test.sh): a deploy watch (before and after, OverTime) of a service whose
// traffic before the deploy is sparse: in the window before it, requests in one minute only (its position drawn
// uniformly among the 10), while after the deploy requests come in every minute, or in each minute with probability
// one half. One slice, the README spec (maxRatio 2, maxValue 1 %, minSamples 200, confidence 0.99, Holm), a look every
// minute for the 10-minute window, each look judged by the product's CanaryJudge on the minutes so far against as many
// minutes before the deploy; a deploy is rolled back at its first look that fails. Good deploys (after = before's rate)
// give the false alarms, among: steady Poisson errors; errors overdispersed (each minute's rate times a log-normal
// factor, σ 0.5 or 1 of its logarithm, on both sides); a before minute that is a burst (+40 errors) or a quiet one
// (errors at a fifth of the rate); a burst after (+40 errors in one after minute). Bad deploys (after at 2×, 5× the
// rate, 4× = 0.8 % still under maxValue, 5× = 1 % at it, 2 % and 50 % errors above it) give the power, among the same noise. Every run draws from its own generator, seeded from
// (seed, scenario, run), so the table is the same on every run.
// It measures whatever rule the product has. Before 2026-12-07 every look of these slices held (nothing rolled back,
// good or bad); now such a slice is judged on its SLO bound alone (maxValue, on the minutes after, a burst after left
// out) while the relative rule holds: its figures are eng/bench/one-interval-before-slo.md. The rejected candidate
// that judged the relative rule too is summarised in docs/deploys.md.
// Usage: dotnet run -c Release eng/bench/OneIntervalBefore.cs -- [runs per scenario (default 2000)] [seed (default 20261207)]
using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Verdicts;
using Tollgate.Simulation;
using static Tollgate.Simulation.Draws;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20261207;
var spec = SpecLoader.Parse(ReadmeSpec.ErrorRate("version=\"unused\"", "app=\"checkout\""), "one-interval.yaml") with { OverTime = true };
const int window = 10;
const double rate = 0.002;

string[] noises = ["steady", "overdispersed σ 0.5", "overdispersed σ 1", "burst before", "quiet before", "burst after"];
(string Name, Func<double, double> After)[] effects = [("good", r => r), ("2×", r => 2 * r), ("4× (0.8 %, under maxValue)", r => 4 * r), ("5×", r => 5 * r), ("2 % errors", _ => 0.02), ("50 % errors", _ => 0.5)];
Console.WriteLine($"runs per row {runs}, seed {seed}, base error rate {rate:P1}, one slice, looks every minute for {window} minutes");
Console.WriteLine();
Console.WriteLine("| before requests (its one minute) | after requests a minute | after minutes with traffic | noise | good: rolled back | 2×: rolled back | 4× (0.8 %) | 5× (1 %) | 2 % errors | 50 % errors |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
var worstGood = 0.0;
foreach (var before in new[] { 300, 2000, 8000 })
{
    foreach (var after in new[] { 300, 2000 })
    {
        foreach (var density in new[] { 1.0, 0.5 })
        {
            foreach (var noise in noises)
            {
                var cells = effects.Select(e =>
                {
                    var name = $"{before}/{after}/{density}/{noise}/{e.Name}";
                    var count = e.Name == "good" ? runs : runs / 4;
                    var failed = Enumerable.Range(0, count).AsParallel().Count(i => RolledBack(new SplitMix64(SplitMix64.Key(seed, name, i)), before, after, density, noise, e.After));
                    return failed / (double)count;
                }).ToArray();
                worstGood = Math.Max(worstGood, cells[0]);
                Console.WriteLine($"| {before} | {after} | {(density == 1 ? "every" : "half")} | {noise} | {cells[0]:P2} | {cells[1]:P1} | {cells[2]:P1} | {cells[3]:P1} | {cells[4]:P1} | {cells[5]:P1} |");
            }
        }
    }
}

Console.WriteLine();
Console.WriteLine($"worst false-alarm rate of a good deploy: {worstGood:P2}");

bool RolledBack(SplitMix64 random, int before, int after, double density, string noise, Func<double, double> afterRate)
{
    var sigma = noise switch { "overdispersed σ 0.5" => 0.5, "overdispersed σ 1" => 1.0, _ => 0.0 };
    // The one minute before the deploy with requests: j minutes before it (1 = the minute just before).
    var j = 1 + (int)(random.NextDouble() * window);
    var beforeRequests = Poisson(random, before);
    var beforeRate = rate * LogNormalFactor(random, sigma) * (noise == "quiet before" ? 0.2 : 1);
    var beforeErrors = Binomial(random, (long)beforeRequests, beforeRate) + (noise == "burst before" ? 40 : 0);
    var afterRequests = new double[window];
    var afterErrors = new double[window];
    var burstMinute = (int)(random.NextDouble() * window);
    for (var t = 0; t < window; t++)
    {
        // The first minute always has traffic (a watch's first look needs the new version's requests).
        afterRequests[t] = t == 0 || random.NextDouble() < density ? Poisson(random, after) : 0;
        var r = Math.Min(1, afterRate(rate) * LogNormalFactor(random, sigma));
        afterErrors[t] = Math.Min(afterRequests[t], Binomial(random, (long)afterRequests[t], r) + (noise == "burst after" && t == burstMinute && afterRequests[t] > 0 ? 40 : 0));
    }

    for (var k = 1; k <= window; k++)
    {
        // Look k: the k minutes after the deploy against the k minutes before it, step t with step t.
        var baseline = new GroupObservation(k) { Present = true };
        var canary = new GroupObservation(k) { Present = true };
        if (j <= k)
        {
            baseline.Totals[k - j] = beforeRequests;
            baseline.Events[k - j] = Math.Min(beforeRequests, beforeErrors);
        }

        for (var t = 0; t < k; t++)
        {
            canary.Totals[t] = afterRequests[t];
            canary.Events[t] = afterErrors[t];
        }

        var slice = new SliceObservation(SliceKey.Whole, spec.Metrics[0], baseline, canary);
        var judgement = CanaryJudge.Judge(spec, [slice], k < window ? CanaryJudge.NotMeasured : null, []);
        if (judgement.Verdict == Verdict.Fail)
        {
            return true;
        }
    }

    return false;
}
