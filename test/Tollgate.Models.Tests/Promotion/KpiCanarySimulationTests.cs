using System.Globalization;
using System.Text;
using Tollgate.Models.Promotion;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// The KPI canary's error rates by simulation (docs/models.md quotes the table): a 10% conversion, an allowed loss of
/// 10% (0.01), the log judged at 10 equally spaced looks as it grows; a run rolls back (or promotes) at the first look
/// that says so. TOLLGATE_SIMULATION_RUNS sets the runs per cell (default 1,000; the docs used 4,000).
/// </summary>
public sealed class KpiCanarySimulationTests(ITestOutputHelper output)
{
    private static readonly KpiSpec Spec = new("conversion", "converted") { MaxDropAbsolute = 0.01, Alpha = 0.05, MinSamples = 200 };

    private static int Runs => SimulationRuns.PerCell(1000);

    /// <summary>Share of runs that rolled back and that promoted, over <paramref name="looks"/> looks up to <paramref name="perArm"/> requests per model.</summary>
    internal static (double RollBack, double Promote) Simulate(int seed, int runs, int perArm, double live, double candidate, int looks = 10)
    {
        var random = new Random(seed);
        int rolledBack = 0, promoted = 0;
        for (var run = 0; run < runs; run++)
        {
            long sc = 0, sl = 0;
            var n = 0;
            for (var look = 1; look <= looks; look++)
            {
                var target = perArm * look / looks;
                for (; n < target; n++)
                {
                    sc += random.NextDouble() < candidate ? 1 : 0;
                    sl += random.NextDouble() < live ? 1 : 0;
                }

                var result = KpiJudge.Compare("(all)", Arm(sc, n), Arm(sl, n), Spec);
                if (result.RegressionP < Spec.Alpha)
                {
                    rolledBack++;
                    break;
                }

                if (result.NonInferiorityP < Spec.Alpha)
                {
                    promoted++;
                    break;
                }
            }
        }

        return (rolledBack / (double)runs, promoted / (double)runs);
    }

    private static (int, double, double) Arm(long successes, int n)
    {
        var mean = successes / (double)n;
        return (n, mean, n > 1 ? mean * (1 - mean) * n / (n - 1) : 0);
    }

    [Fact]
    public void Simulate_CandidateExactlyAtTheAllowedLoss_RollsBackAtMostAlphaOverTenLooks()
    {
        var runs = Runs;
        var bound = Spec.Alpha + 3 * Math.Sqrt(Spec.Alpha * (1 - Spec.Alpha) / runs);
        foreach (var perArm in new[] { 2_000, 20_000 })
        {
            Simulate(11 + perArm, runs, perArm, 0.10, 0.09).RollBack.ShouldBeLessThanOrEqualTo(bound, $"{perArm} per arm");
        }
    }

    [Fact]
    public void Simulate_EqualCandidate_RarelyRollsBackAndPromotesAtScale()
    {
        var (rollBack, promote) = Simulate(5, Runs, 40_000, 0.10, 0.10);
        rollBack.ShouldBeLessThan(0.01);
        promote.ShouldBeGreaterThan(0.95);
    }

    [Fact]
    public void Simulate_CandidateTwiceTheAllowedLossWorse_RollsBackAtScale()
    {
        Simulate(6, Runs, 40_000, 0.10, 0.08).RollBack.ShouldBeGreaterThan(0.95);
    }

    [Fact]
    public void Table_ErrorRatesBySize_ForTheDocs()
    {
        var runs = Runs;
        var table = new StringBuilder("| requests per model | Δ = 0: promote | Δ = 0: roll back | Δ = −δ (boundary): roll back | Δ = −2δ: roll back | Δ = −2δ: promote |\n|---|---|---|---|---|---|\n");
        foreach (var perArm in new[] { 1_000, 5_000, 20_000, 50_000 })
        {
            var same = Simulate(100 + perArm, runs, perArm, 0.10, 0.10);
            var edge = Simulate(200 + perArm, runs, perArm, 0.10, 0.09);
            var worse = Simulate(300 + perArm, runs, perArm, 0.10, 0.08);
            table.Append(CultureInfo.InvariantCulture, $"| {perArm:N0} | {same.Promote:0.000} | {same.RollBack:0.000} | {edge.RollBack:0.000} | {worse.RollBack:0.000} | {worse.Promote:0.000} |\n");
            (same.RollBack + edge.RollBack + worse.Promote).ShouldBeLessThan(3 * (Spec.Alpha + 0.03));
        }

        output.WriteLine($"{runs} runs per cell");
        output.WriteLine(table.ToString());
    }
}
