#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:project Simulation/Tollgate.Simulation.csproj
#:property PublishAot=false
// A simulation (not a test, not part of eng/test.sh): where the before-and-after watch's false rollbacks under
// overdispersed errors come from. Only ordinary slices (a request every minute on both sides), judged by CanaryJudge as
// SloOnlyFamily.cs judges them (look k: the k minutes after the deploy against the k minutes before; a look every
// minute for 10 minutes; rolled back at the first look with a check Worse). Slices all of one size (300, 2,000 or
// 8,000 requests a minute) or of mixed sizes, errors 0.2 % times a log-normal factor per slice-minute (mean 1, σ of its
// logarithm 0.5 or 1). A slice's true dispersion (variance over Poisson's) is then 1 + μ·(e^{σ²} − 1), μ its expected
// errors a minute: it grows with the slice's traffic, while the judge divides every slice's counts by one dispersion
// pooled over the slices. Printed: good deploys rolled back (and by which slice size), the judge's dispersion at the
// last look (mean), each size's true dispersion, and power on slice 1 at 2× and 5× its errors after the deploy.
// With "oracle" as third argument every slice's counts (both sides) are first divided by its own true dispersion, what
// a per-slice estimate could at best do: the judge then finds about 1.
// With "before=M" (M above 10) look k reads the max(k, M) minutes before the deploy instead of the k: what a longer
// pre-deploy baseline would do to the pooled dispersion (and to the baseline's rate), with no other change to the judge.
// With "kappa" every slice's counts (both sides) are first divided by an estimate of its own dispersion from the
// minutes before alone, φ_i = 1 + κ̂·μ̄_i (μ̄_i its errors a minute before, κ̂ the moment estimate of variance
// μ + κμ² pooled over the slices' minutes, at least 0): what a per-slice dispersion in the judge could do.
// Usage: dotnet run -c Release eng/bench/OverTimeDispersion.cs -- [good runs per row (default 2000)] [seed (default 20261207)] [oracle] [kappa] [before=M]
using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Simulation;
using static Tollgate.Simulation.Draws;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seed = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20261207;
if (args.Skip(2).FirstOrDefault(a => a is not ("oracle" or "kappa") && !a.StartsWith("before=", StringComparison.Ordinal)) is { } unknown)
{
    Console.Error.WriteLine($"over-time-dispersion: unknown option '{unknown}' (oracle, kappa, before=M)");
    Environment.Exit(3);
}

var oracle = args.Skip(2).Contains("oracle");
var kappa = args.Skip(2).Contains("kappa");
var longer = args.Skip(2).Where(a => a.StartsWith("before=", StringComparison.Ordinal)).Select(a => int.Parse(a[7..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
if (oracle && kappa)
{
    Console.Error.WriteLine("over-time-dispersion: oracle and kappa are two alternatives (each divides the counts by a dispersion): give one");
    Environment.Exit(3);
}

if (longer is > 0 and <= 10)
{
    Console.Error.WriteLine($"over-time-dispersion: before={longer} is not longer than the window's 10 minutes: give M above 10");
    Environment.Exit(3);
}

var spec = SpecLoader.Parse(ReadmeSpec.ErrorRate("version=\"unused\"", "app=\"checkout\""), "over-time-dispersion.yaml") with { OverTime = true };
const int window = 10;
const double rate = 0.002;
var history = Math.Max(window, longer);
(string Name, int[] Sizes)[] layouts =
[
    ("4 × 300", [300, 300, 300, 300]),
    ("4 × 2,000", [2000, 2000, 2000, 2000]),
    ("4 × 8,000", [8000, 8000, 8000, 8000]),
    ("3 mixed (300, 2,000, 8,000)", [300, 2000, 8000]),
    ("12 mixed", [.. Enumerable.Range(0, 12).Select(s => new[] { 300, 2000, 8000 }[s % 3])]),
];

Console.WriteLine($"{(oracle ? "oracle (counts divided by each slice's true dispersion), " : "")}{(kappa ? "counts divided by each slice's 1 + κ̂·μ̄ from the minutes before, " : "")}{(longer > window ? $"baseline the max(k, {longer}) minutes before, " : "")}good runs per row {runs}, bad runs per cell {runs / 4}, seed {seed}, base error rate {rate:P1}, looks every minute for {window} minutes");
Console.WriteLine();
Console.WriteLine("| slices | noise | good rolled back (by a slice of 300 / 2,000 / 8,000) | judge's dispersion at the last look judged (mean) | true dispersion 300 / 2,000 / 8,000 | slice 1 at 2× | slice 1 at 5× |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (name, sizes) in layouts)
{
    foreach (var sigma in new[] { 0.5, 1.0 })
    {
        var cells = new[] { 1.0, 2.0, 5.0 }.Select(factor =>
        {
            var count = factor == 1 ? runs : runs / 4;
            var failed = 0;
            var bySize = new int[3];
            var dispersionSum = 0.0;
            Parallel.For(0, count, i =>
            {
                var (rolledBack, size, dispersion) = Run(new SplitMix64(SplitMix64.Key(seed, $"{name}/{sigma}/{factor}", i)), sizes, sigma, factor);
                if (rolledBack)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.Increment(ref bySize[Array.IndexOf([300, 2000, 8000], size)]);
                }

                lock (bySize)
                {
                    dispersionSum += dispersion;
                }
            });
            string Share(int f) => (f / (double)count).ToString(factor == 1 ? "P2" : "P1", CultureInfo.InvariantCulture);
            return factor == 1
                ? $"{Share(failed)} ({string.Join(" / ", bySize.Select(Share))}) | {dispersionSum / count:0.0}"
                : Share(failed);
        }).ToArray();
        var truth = string.Join(" / ", new[] { 300, 2000, 8000 }.Select(n => (1 + n * rate * (Math.Exp(sigma * sigma) - 1)).ToString("0.0", CultureInfo.InvariantCulture)));
        Console.WriteLine($"| {name} | σ {sigma} | {cells[0]} | {truth} | {cells[1]} | {cells[2]} |");
    }
}

// Whether the deploy was rolled back, the first failing slice's size, and the judge's dispersion at the last look judged.
(bool RolledBack, int Size, double Dispersion) Run(SplitMix64 random, int[] sizes, double sigma, double factor)
{
    var before = sizes.Select(n => SliceMinutes(random, history, _ => n, _ => rate, sigma)).ToArray();
    var after = sizes.Select((n, s) => SliceMinutes(random, window, _ => n, _ => s == 1 ? rate * factor : rate, sigma)).ToArray();
    var dispersion = 1.0;
    for (var k = 1; k <= window; k++)
    {
        var estimated = kappa ? Estimated(before, Math.Max(k, longer)) : null;
        var observations = Enumerable.Range(0, sizes.Length).Select(s =>
        {
            var read = Math.Max(k, longer);
            var baseline = new GroupObservation(read) { Present = true };
            var canary = new GroupObservation(k) { Present = true };
            var divide = oracle ? 1 + sizes[s] * rate * (Math.Exp(sigma * sigma) - 1) : estimated?[s] ?? 1;
            for (var t = 0; t < read; t++)
            {
                baseline.Totals[t] = Math.Round(before[s].Requests[history - read + t] / divide);
                baseline.Events[t] = Math.Round(before[s].Errors[history - read + t] / divide);
            }

            for (var t = 0; t < k; t++)
            {
                canary.Totals[t] = Math.Round(after[s].Requests[t] / divide);
                canary.Events[t] = Math.Round(after[s].Errors[t] / divide);
            }

            return new SliceObservation(Key(s), spec.Metrics[0], baseline, canary);
        }).ToList();
        var judgement = CanaryJudge.Judge(spec, observations, k < window ? CanaryJudge.NotMeasured : null, []);
        var judged = judgement.Checks.Where(c => c.Judged).ToList();
        dispersion = judged.Count > 0 ? judged[0].Dispersion : dispersion;
        var worse = judged.FirstOrDefault(c => c.Status == CheckStatus.Worse);
        if (worse is not null)
        {
            return (true, sizes[int.Parse(worse.Slice.ToString()[^2..], CultureInfo.InvariantCulture)], dispersion);
        }
    }

    return (false, 0, dispersion);
}

// Each slice's 1 + κ̂·μ̄_i from the last `read` minutes before the deploy (κ̂ = Σ((x − μ)² − μ) / Σμ², μ = n·p̂_i).
double[] Estimated((double[] Requests, double[] Errors)[] before, int read)
{
    double excess = 0, squares = 0;
    var means = new double[before.Length];
    for (var s = 0; s < before.Length; s++)
    {
        var (n, x) = before[s];
        double requests = 0, errors = 0;
        for (var t = history - read; t < history; t++)
        {
            requests += n[t];
            errors += x[t];
        }

        var p = requests > 0 ? errors / requests : 0;
        means[s] = errors / read;
        for (var t = history - read; t < history; t++)
        {
            var mu = n[t] * p;
            excess += (x[t] - mu) * (x[t] - mu) - mu;
            squares += mu * mu;
        }
    }

    var k = squares > 0 ? Math.Max(0, excess / squares) : 0;
    return means.Select(m => 1 + k * m).ToArray();
}

static SliceKey Key(int s) => new([new KeyValuePair<string, string>("tenant", $"t{s:00}")]);
