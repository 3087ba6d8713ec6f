using System.Globalization;
using System.Text;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Gates;
using Tollgate.Models.Promotion;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// A KPI constant in an arm (no conversion at all, every request converted, zero chargebacks) has no sample variance:
/// the arm takes the variance it would have with one more request at each end of the KPI's range, so the gate
/// decides a 0% candidate against a live 100% and an equal zero-chargeback log as it decides one row away from them.
/// TOLLGATE_SIMULATION_RUNS sets the simulation's runs per cell (default 300; the docs used 2,000).
/// </summary>
public sealed class KpiConstantArmTests(ITestOutputHelper output)
{
    private static readonly KpiSpec Conversion = new("conversion", "converted") { MaxDrop = 0.1, Alpha = 0.05, MinSamples = 200 };

    private static readonly KpiSpec Chargebacks = new("chargebacks", "chargeback") { HigherIsBetter = false, MaxDropAbsolute = 0.001, Alpha = 0.05, MinSamples = 200 };

    [Fact]
    public void Compare_CandidateNoneLiveAllConverted_RollsBack()
    {
        // Before: V = 0, so the test never ran: hold with "regression p 1" for a 100-point loss.
        var (verdict, slices) = KpiJudge.Judge([("(all)", new double[500], Enumerable.Repeat(1.0, 500).ToArray())], Conversion);

        verdict.ShouldBe(Verdict.Fail);
        slices[0].AdjustedRegressionP.ShouldBeLessThan(1e-6);
        double.IsNaN(slices[0].Interval.Low).ShouldBeFalse();
    }

    [Fact]
    public void Compare_NoChargebacksInEitherArm_PromotesWithEnoughRequestsHoldsWithFew()
    {
        var many = KpiJudge.Judge([("(all)", new double[50_000], new double[50_000])], Chargebacks);
        var few = KpiJudge.Judge([("(all)", new double[300], new double[300])], Chargebacks);

        many.Verdict.ShouldBe(Verdict.Pass);
        few.Verdict.ShouldBe(Verdict.Hold);
        double.IsNegative(many.Slices[0].Difference).ShouldBeFalse(); // printed "Δ -0" before
        ShortNumber.Of(-0.0).ShouldBe("0");
    }

    [Fact]
    public void Compare_NoChargebacksBesideOne_AlmostTheSameEvidence()
    {
        // One chargeback in the live 50,000 decided at once while none held for ever: the rule keeps them close.
        var none = KpiJudge.Compare("(all)", new double[50_000], new double[50_000], Chargebacks);
        var live = new double[50_000];
        live[7] = 1;
        var one = KpiJudge.Compare("(all)", new double[50_000], live, Chargebacks);

        none.StandardError.ShouldBe(one.StandardError, one.StandardError * 0.5);
        KpiJudge.ConstantArmVariance(50_000, 0, 0, 1).ShouldBe(1.0 / 50_002, 1e-15);
    }

    [Fact]
    public void Compare_BothArmsTheSameConstantNotZeroOne_TheLimitDecides()
    {
        var spec = new KpiSpec("revenue", "revenue") { MaxDropAbsolute = 0.5, Alpha = 0.05, MinSamples = 200 };

        var equal = KpiJudge.Judge([("(all)", Enumerable.Repeat(5.0, 300).ToArray(), Enumerable.Repeat(5.0, 300).ToArray())], spec);
        var worse = KpiJudge.Judge([("(all)", Enumerable.Repeat(4.0, 300).ToArray(), Enumerable.Repeat(5.0, 300).ToArray())], spec);

        equal.Verdict.ShouldBe(Verdict.Pass);
        equal.Slices[0].Interval.ShouldBe((0.0, 0.0));
        worse.Verdict.ShouldBe(Verdict.Fail);
    }

    /// <summary>
    /// Rare and near-certain events, where an arm with no event (or no miss) is common: the false roll back and the false
    /// promotion at the allowance's edge stay within α; a clear regression
    /// is rolled back and an equal candidate promoted once the traffic can tell.
    /// </summary>
    [Fact]
    public void Simulation_RareEvents_FalseDecisionsWithinAlpha()
    {
        var runs = SimulationRuns.PerCell(300);
        var bound = SimulationRuns.Bound(runs, 0.05);
        var table = new StringBuilder("| KPI | live | δ | requests per model | Δ = 0: an arm without event or miss when judged | Δ = 0: promote | Δ = 0: roll back | Δ = −δ: roll back | Δ = −δ: promote | Δ = −5δ: roll back |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (name, live, delta, lower) in new[] { ("chargebacks (lower)", 0.0002, 0.001, true), ("chargebacks (lower)", 0.001, 0.001, true), ("conversion (higher)", 0.999, 0.002, false) })
        {
            var spec = new KpiSpec("kpi", "kpi") { HigherIsBetter = !lower, MaxDropAbsolute = delta, Alpha = 0.05, MinSamples = 200 };
            var worse = lower ? 1.0 : -1.0;
            foreach (var perArm in new[] { 2_000, 20_000, 100_000 })
            {
                var seed = perArm + (int)(live * 10_000);
                var same = Simulate(seed, runs, perArm, live, live, spec);
                var edge = Simulate(seed + 1, runs, perArm, live, live + (worse * delta), spec);
                var clear = Simulate(seed + 3, runs, perArm, live, Math.Clamp(live + (worse * 5 * delta), 0, 1), spec);
                table.Append(CultureInfo.InvariantCulture, $"| {name} | {live} | {delta} | {perArm:N0} | {same.Constant:0.000} | {same.Promote:0.000} | {same.RollBack:0.000} | {edge.RollBack:0.000} | {edge.Promote:0.000} | {clear.RollBack:0.000} |\n");
                same.RollBack.ShouldBeLessThanOrEqualTo(bound, $"{name} {live}, {perArm}: equal rolled back");
                edge.RollBack.ShouldBeLessThanOrEqualTo(bound, $"{name} {live}, {perArm}: at the allowance's edge");
                edge.Promote.ShouldBeLessThanOrEqualTo(bound, $"{name} {live}, {perArm}: at the allowance's edge promoted");
            }
        }

        output.WriteLine(table.ToString());
    }

    /// <summary>Ten equally spaced looks, stopping at the first decision; shares of runs rolled back, promoted, and judged (decided or at the last look) with an arm without event or miss.</summary>
    private static (double RollBack, double Promote, double Constant) Simulate(int seed, int runs, int perArm, double live, double candidate, KpiSpec spec)
    {
        var random = new Random(seed);
        int rolledBack = 0, promoted = 0, constant = 0;
        for (var run = 0; run < runs; run++)
        {
            long sc = 0, sl = 0;
            var n = 0;
            for (var look = 1; look <= 10; look++)
            {
                var target = perArm * look / 10;
                sc += Binomial(random, target - n, candidate);
                sl += Binomial(random, target - n, live);
                n = target;
                var slice = KpiJudge.Compare("(all)", Arm(sc, n), Arm(sl, n), spec, zeroOne: true);
                var verdict = KpiJudge.Decide([slice], spec).Verdict;
                if (verdict != Verdict.Hold || look == 10)
                {
                    constant += sc == 0 || sl == 0 || sc == n || sl == n ? 1 : 0;
                    rolledBack += verdict == Verdict.Fail ? 1 : 0;
                    promoted += verdict == Verdict.Pass ? 1 : 0;
                    break;
                }
            }
        }

        return (rolledBack / (double)runs, promoted / (double)runs, constant / (double)runs);
    }

    private static (int, double, double) Arm(long successes, int n)
    {
        var mean = successes / (double)n;
        return (n, mean, n > 1 ? mean * (1 - mean) * n / (n - 1) : 0);
    }

    /// <summary>Successes in <paramref name="trials"/> of probability <paramref name="p"/>, by geometric gaps between the rarer outcome.</summary>
    private static long Binomial(Random random, int trials, double p)
    {
        var rare = Math.Min(p, 1 - p);
        long count = 0;
        if (rare > 0)
        {
            var log = Math.Log(1 - rare);
            for (var at = Math.Floor(Math.Log(1 - random.NextDouble()) / log); at < trials; at += 1 + Math.Floor(Math.Log(1 - random.NextDouble()) / log))
            {
                count++;
            }
        }

        return p <= 0.5 ? count : trials - count;
    }
}
