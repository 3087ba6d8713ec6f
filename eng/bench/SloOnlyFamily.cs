#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:project Simulation/Tollgate.Simulation.csproj
#:property PublishAot=false
// A simulation (not a test, not part of eng/test.sh): a deploy watch (before and after, OverTime) of several slices,
// some of them with one interval of requests before the deploy (judged on their SLO bound alone, OverTime.SloOnly) and
// the rest ordinary (a request every minute on both sides). It asks whether those SLO-only slices belong in the Holm
// family with the ordinary ones, measuring three families over the same draws:
//   in        the product's rule: every judged slice in one Holm family (the verdict is CanaryJudge's own);
//   apart     the SLO-only slices a Holm family of their own, the ordinary slices another (each at the full α);
//   alone     each SLO-only slice at the full α by itself (no correction: "a fixed threshold, not a comparison"),
//             the ordinary slices a Holm family.
// "apart" and "alone" are worked out from the product's own checks (look-adjusted p-values, rule p-values, estimates
// and bounds), with the product's Holm levels and O'Brien-Fleming nominal levels; "in" worked out the same way is
// checked against CanaryJudge's statuses on every look (a mismatch is counted and printed).
// Traffic as in OneIntervalBefore.cs: 0.2 % errors; ordinary slices 300, 2,000 or 8,000 requests a minute on both
// sides; an SLO-only slice one minute of 300 or 2,000 requests at a random place among the 10 before, 300 a minute
// after; noise steady or overdispersed (each minute's rate times a log-normal factor, σ 1 of its logarithm). The
// README spec (maxRatio 2, maxValue 1 %, minSamples 200, confidence 0.99, Holm), a look every minute for 10 minutes;
// a deploy is rolled back at its first look that fails. Good deploys give the false rollbacks; bad ones (one slice at
// 2 % errors, twice maxValue: an SLO-only slice, or an ordinary one) the power. Every run draws from its own generator,
// seeded from (seed, scenario, run).
// Usage: dotnet run -c Release eng/bench/SloOnlyFamily.cs -- [good runs per row (default 2000)] [seed (default 20261207)]
using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Simulation;
using static Tollgate.Simulation.Draws;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20261207;
var spec = SpecLoader.Parse(ReadmeSpec.ErrorRate("version=\"unused\"", "app=\"checkout\""), "slo-only-family.yaml") with { OverTime = true };
const int window = 10;
const double rate = 0.002;
var alpha = 1 - spec.Confidence;
string[] variants = ["in", "apart", "alone"];
var mismatches = 0;

Console.WriteLine($"good runs per row {runs}, bad runs per cell {runs / 4}, seed {seed}, base error rate {rate:P1}, looks every minute for {window} minutes");
Console.WriteLine();
Console.WriteLine("| slices (SLO-only) | noise | good rolled back: in / apart / alone (on an SLO-only slice) | SLO-only slice at 2 %: in / apart / alone | ordinary slice at 2 %: in / apart / alone |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (slices, sparse) in new[] { (4, 1), (12, 4) })
{
    foreach (var sigma in new[] { 0.0, 0.5, 1.0 })
    {
        var cells = new[] { "good", "slo-only bad", "ordinary bad" }.Select(effect =>
        {
            var name = $"{slices}/{sparse}/{sigma}/{effect}";
            var count = effect == "good" ? runs : runs / 4;
            var failed = new int[variants.Length];
            var bySloOnly = new int[variants.Length];
            Parallel.For(0, count, i =>
            {
                var (rolledBack, onSloOnly) = Run(new SplitMix64(SplitMix64.Key(seed, name, i)), slices, sparse, sigma, effect);
                for (var v = 0; v < variants.Length; v++)
                {
                    if (rolledBack[v])
                    {
                        Interlocked.Increment(ref failed[v]);
                    }

                    if (onSloOnly[v])
                    {
                        Interlocked.Increment(ref bySloOnly[v]);
                    }
                }
            });
            string Share(int f) => (f / (double)count).ToString(effect == "good" ? "P2" : "P1", CultureInfo.InvariantCulture);
            return string.Join(" / ", failed.Select(Share)) + (effect == "good" ? $" ({string.Join(" / ", bySloOnly.Select(Share))})" : "");
        }).ToArray();
        Console.WriteLine($"| {slices} ({sparse}) | {(sigma == 0 ? "steady" : $"overdispersed σ {sigma}")} | {cells[0]} | {cells[1]} | {cells[2]} |");
    }
}

Console.WriteLine();
Console.WriteLine($"looks where 'in' worked out here differs from CanaryJudge: {mismatches}");

(bool[] RolledBack, bool[] OnSloOnly) Run(SplitMix64 random, int slices, int sparse, double sigma, string effect)
{
    // Slices 0..sparse-1 have one minute before; the rest are ordinary. The bad slice is slice 0 (SLO-only) or slice
    // `sparse` (the first ordinary one, 300 requests a minute).
    var bad = effect switch { "slo-only bad" => 0, "ordinary bad" => sparse, _ => -1 };
    var before = new (double[] Requests, double[] Errors)[slices];
    var after = new (double[] Requests, double[] Errors)[slices];
    for (var s = 0; s < slices; s++)
    {
        var perMinute = s < sparse ? (s % 2 == 0 ? 300 : 2000) : new[] { 300, 2000, 8000 }[(s - sparse) % 3];
        var only = s < sparse ? (int)(random.NextDouble() * window) : -1;
        before[s] = SliceMinutes(random, window, t => s >= sparse || t == only ? perMinute : 0, _ => rate, sigma);
        after[s] = SliceMinutes(random, window, _ => s < sparse ? 300 : perMinute, _ => s == bad ? 0.02 : rate, sigma);
    }

    var rolledBack = new bool[variants.Length];
    var onSloOnly = new bool[variants.Length];
    for (var k = 1; k <= window && rolledBack.Any(r => !r); k++)
    {
        // Look k: the k minutes after the deploy against the k minutes before it (the last k of the window before).
        var observations = Enumerable.Range(0, slices).Select(s =>
        {
            var baseline = new GroupObservation(k) { Present = true };
            var canary = new GroupObservation(k) { Present = true };
            for (var t = 0; t < k; t++)
            {
                baseline.Totals[t] = before[s].Requests[window - k + t];
                baseline.Events[t] = before[s].Errors[window - k + t];
                canary.Totals[t] = after[s].Requests[t];
                canary.Events[t] = after[s].Errors[t];
            }

            return new SliceObservation(Key(s), spec.Metrics[0], baseline, canary);
        }).ToList();
        var judgement = CanaryJudge.Judge(spec, observations, k < window ? CanaryJudge.NotMeasured : null, []);
        var sloOnly = Enumerable.Range(0, sparse).Select(Key).ToHashSet();
        var judged = judgement.Checks.Where(c => c.Judged).ToList();
        var worse = variants.Select(v => Worse(judged, sloOnly, v)).ToArray();
        if (!worse[0].SequenceEqual(judged.Where(c => c.Status == CheckStatus.Worse).Select(c => c.Slice).Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal)))
        {
            Interlocked.Increment(ref mismatches);
        }

        for (var v = 0; v < variants.Length; v++)
        {
            // A rollback happens at the first failing look: which slices failed is read there only.
            onSloOnly[v] |= !rolledBack[v] && worse[v].Any(sloOnly.Contains);
            rolledBack[v] |= worse[v].Count > 0;
        }
    }

    return (rolledBack, onSloOnly);
}

static SliceKey Key(int s) => new([new KeyValuePair<string, string>("tenant", $"t{s:00}")]);


// The slices with a check that fails with the SLO-only slices placed in the family as `variant` says: Holm over each family's
// look-adjusted p-values, a rule failing when its member was rejected, its own p-value is at most the look's nominal
// level at the member's Holm share, and its estimate is beyond its bound (RatioJudge's rule).
List<SliceKey> Worse(List<CheckResult> judged, HashSet<SliceKey> sloOnly, string variant)
{
    var failing = new List<SliceKey>();
    var members = judged.GroupBy(c => c.Slice).ToList();
    var families = variant switch
    {
        "in" => [members],
        "apart" => [members.Where(m => !sloOnly.Contains(m.Key)).ToList(), members.Where(m => sloOnly.Contains(m.Key)).ToList()],
        _ => members.Where(m => sloOnly.Contains(m.Key)).Select(m => new List<IGrouping<SliceKey, CheckResult>> { m })
            .Append(members.Where(m => !sloOnly.Contains(m.Key)).ToList()).ToList(),
    };
    foreach (var family in families.Where(f => f.Count > 0))
    {
        var p = family.Select(m => m.First().DecisionPValue).ToArray();
        var adjusted = MultipleTesting.Holm(p);
        var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var rejectedCount = adjusted.Count(a => a < alpha);
        for (var rank = 0; rank < p.Length; rank++)
        {
            var i = order[rank];
            var rejected = adjusted[i] < alpha;
            var share = alpha / (p.Length - (rejected ? rank : rejectedCount));
            foreach (var c in family[i])
            {
                var nominal = GroupSequential.NominalLevel(share, Math.Min(c.Looks.Look, c.Looks.Looks), c.Looks.Looks);
                var beyond = c.Rule == "relative" ? c.Ratio > c.Bound : c.CanaryValue > c.Bound;
                if (rejected && beyond && c.PValue <= nominal && !failing.Contains(c.Slice))
                {
                    failing.Add(c.Slice);
                }
            }
        }
    }

    return [.. failing.OrderBy(s => s.ToString(), StringComparer.Ordinal)];
}
