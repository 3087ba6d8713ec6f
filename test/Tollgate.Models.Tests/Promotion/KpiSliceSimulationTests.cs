using System.Globalization;
using System.Text;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// The KPI canary beyond one rate and one slice (docs/models.md quotes the tables): conversions of 2%, 10% and 40%
/// with the spec's relative allowance (maxDrop 0.1: a tenth of the live value), and a log of four slices of unequal
/// traffic (50/30/15/5%) judged as <c>model promote</c> judges it, <c>(all)</c> and each slice, Holm across them for
/// the roll back, every one non-inferior to promote. Ten equally spaced looks as the log grows, stopping at the first
/// decision. TOLLGATE_SIMULATION_RUNS sets the runs per cell (default 300; the docs used 2,000).
/// </summary>
public sealed class KpiSliceSimulationTests(ITestOutputHelper output)
{
    private static readonly KpiSpec Relative = new("conversion", "converted") { MaxDrop = 0.1, Alpha = 0.05, MinSamples = 200 };

    private static readonly KpiSpec Absolute = new("conversion", "converted") { MaxDropAbsolute = 0.01, Alpha = 0.05, MinSamples = 200 };

    private static readonly double[] Shares = [0.5, 0.3, 0.15, 0.05];

    private static int Runs => SimulationRuns.PerCell(300);

    /// <summary>
    /// Shares of runs that rolled back and that promoted: <paramref name="perArm"/> requests per model, split over
    /// slices by <paramref name="shares"/> (one share: no slices), the candidate's rate per slice given.
    /// </summary>
    internal static (double RollBack, double Promote) Simulate(int seed, int runs, int perArm, double[] shares, double live, double[] candidate, KpiSpec spec)
    {
        var random = new Random(seed);
        int rolledBack = 0, promoted = 0;
        var k = shares.Length;
        for (var run = 0; run < runs; run++)
        {
            var (sc, sl, n) = (new long[k], new long[k], new int[k]);
            for (var look = 1; look <= 10; look++)
            {
                for (var s = 0; s < k; s++)
                {
                    for (var target = (int)(perArm * shares[s] * look / 10); n[s] < target; n[s]++)
                    {
                        sc[s] += random.NextDouble() < candidate[s] ? 1 : 0;
                        sl[s] += random.NextDouble() < live ? 1 : 0;
                    }
                }

                var slices = new List<KpiSlice> { KpiJudge.Compare("(all)", Arm(sc.Sum(), n.Sum()), Arm(sl.Sum(), n.Sum()), spec) };
                if (k > 1)
                {
                    slices.AddRange(Enumerable.Range(0, k).Select(s => KpiJudge.Compare($"slice={s}", Arm(sc[s], n[s]), Arm(sl[s], n[s]), spec)));
                }

                var verdict = KpiJudge.Decide(slices, spec).Verdict;
                if (verdict != Verdict.Hold)
                {
                    rolledBack += verdict == Verdict.Fail ? 1 : 0;
                    promoted += verdict == Verdict.Pass ? 1 : 0;
                    break;
                }
            }
        }

        return (rolledBack / (double)runs, promoted / (double)runs);
    }

    private static (int, double, double) Arm(long successes, int n)
    {
        var mean = n > 0 ? successes / (double)n : 0;
        return (n, mean, n > 1 ? mean * (1 - mean) * n / (n - 1) : 0);
    }

    /// <summary>
    /// At every rate the false roll back at the allowance's edge stays within α, and a candidate twice the allowance
    /// worse is never promoted; across slices, a candidate worse only in the smallest slice is never promoted (it holds
    /// until that slice has the traffic to tell), and a candidate within its allowance everywhere is rolled back in at
    /// most α of logs.
    /// </summary>
    [Fact]
    public void Tables_ByRateAndBySlice_RollBackAtMostAlphaAndNeverPromoteWhatIsWorse()
    {
        var runs = Runs;
        var bound = SimulationRuns.Bound(runs, 0.05);
        var rates = new StringBuilder("| conversion | allowed loss δ | requests per model | Δ = 0: promote | Δ = −δ: roll back | Δ = −2δ: roll back | Δ = −2δ: promote |\n|---|---|---|---|---|---|---|\n");
        foreach (var rate in new[] { 0.02, 0.10, 0.40 })
        {
            var delta = 0.1 * rate;
            foreach (var perArm in new[] { 20_000, 100_000 })
            {
                var seed = (int)(rate * 1000) + perArm;
                var same = Simulate(seed, runs, perArm, [1], rate, [rate], Relative);
                var edge = Simulate(seed + 1, runs, perArm, [1], rate, [rate - delta], Relative);
                var worse = Simulate(seed + 2, runs, perArm, [1], rate, [rate - (2 * delta)], Relative);
                rates.Append(CultureInfo.InvariantCulture, $"| {rate:0%} | {delta:0.###} | {perArm:N0} | {same.Promote:0.000} | {edge.RollBack:0.000} | {worse.RollBack:0.000} | {worse.Promote:0.000} |\n");
                edge.RollBack.ShouldBeLessThanOrEqualTo(bound, $"{rate:0%}, {perArm} per model, at the allowance's edge");
                worse.Promote.ShouldBe(0, $"{rate:0%}, {perArm} per model, twice the allowance worse");
            }
        }

        var slices = new StringBuilder("| requests per model (slices 50/30/15/5%) | candidate | roll back | promote | hold |\n|---|---|---|---|---|\n");
        double[] equal = [0.10, 0.10, 0.10, 0.10], edgeEverywhere = [0.09, 0.09, 0.09, 0.09], smallWorse = [0.10, 0.10, 0.10, 0.08], largeWorse = [0.08, 0.10, 0.10, 0.10];
        foreach (var perArm in new[] { 100_000, 400_000 })
        {
            foreach (var (name, candidate) in new[] { ("equal", equal), ("−δ in every slice", edgeEverywhere), ("−2δ in the 5% slice", smallWorse), ("−2δ in the 50% slice", largeWorse) })
            {
                var (rollBack, promote) = Simulate(perArm + name.Length, runs, perArm, Shares, 0.10, candidate, Absolute);
                slices.Append(CultureInfo.InvariantCulture, $"| {perArm:N0} | {name} | {rollBack:0.000} | {promote:0.000} | {1 - rollBack - promote:0.000} |\n");
                if (candidate != equal)
                {
                    promote.ShouldBe(0, $"{name}, {perArm} per model");
                }

                if (candidate == edgeEverywhere)
                {
                    rollBack.ShouldBeLessThanOrEqualTo(bound, $"within the allowance everywhere, {perArm} per model");
                }
            }
        }

        output.WriteLine($"{runs} runs per cell");
        output.WriteLine(rates.ToString());
        output.WriteLine(slices.ToString());
    }
}
