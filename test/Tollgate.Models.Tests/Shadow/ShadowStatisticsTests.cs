using System.Globalization;
using System.Text;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Shadow;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Shadow;

/// <summary>
/// The shadow gate's statistics. The accuracy check: Tango's score interval for paired proportions, its known answers,
/// and its error rates by simulation beside the Wald interval it replaced and MLflow's point rule
/// (<c>validation_thresholds</c> with <c>min_absolute_change</c>: fail when the candidate's accuracy is below the live
/// one's by more than the change). The agreement check: Wilson's upper bound beside the point rule. docs/models.md
/// quotes the tables; TOLLGATE_SIMULATION_RUNS sets the runs per cell (default 1,000; the docs used 4,000).
/// </summary>
public sealed class ShadowStatisticsTests(ITestOutputHelper output)
{
    private const double Z = 1.959963984540054;

    private static int Runs => SimulationRuns.PerCell(1000);

    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void Interval_NoDiscordantRequest_IsPlusMinusZSquaredOverNPlusZSquared_NotAPoint(int n)
    {
        var (delta, low, high) = PairedAccuracy.Interval(n, 0, 0, Z);

        var bound = Z * Z / (n + Z * Z);
        delta.ShouldBe(0);
        high.ShouldBe(bound, 1e-12);
        low.ShouldBe(-bound, 1e-12);
    }

    [Theory]
    [InlineData(1000, 7, 19)]
    [InlineData(300, 0, 6)]
    [InlineData(5000, 240, 180)]
    public void Interval_BoundsAreWhereTheScoreCrossesZ_AndSwappingTheModelsNegatesIt(int n, int b, int c)
    {
        var (delta, low, high) = PairedAccuracy.Interval(n, b, c, Z);
        var (swapped, swappedLow, swappedHigh) = PairedAccuracy.Interval(n, c, b, Z);

        delta.ShouldBe((b - c) / (double)n, 1e-15);
        PairedAccuracy.Score(n, b, c, low).ShouldBe(Z, 1e-6);
        PairedAccuracy.Score(n, b, c, high).ShouldBe(-Z, 1e-6);
        low.ShouldBeLessThan(delta);
        high.ShouldBeGreaterThan(delta);
        swapped.ShouldBe(-delta, 1e-15);
        swappedLow.ShouldBe(-high, 1e-9);
        swappedHigh.ShouldBe(-low, 1e-9);
    }

    [Fact]
    public void Interval_ManyDiscordant_AgreesWithWald()
    {
        var (delta, low, high) = PairedAccuracy.Interval(100_000, 5_000, 4_000, Z);
        var (_, waldLow, waldHigh) = Wald(100_000, 5_000, 4_000);

        delta.ShouldBe(0.01, 1e-15);
        low.ShouldBe(waldLow, 1e-4);
        high.ShouldBe(waldHigh, 1e-4);
    }

    [Fact]
    public void Interval_AtADifferenceOfZero_IsMcNemarsScoreTest()
    {
        // Tango's statistic at Δ0 = 0 is McNemar's (b − c)/√(b + c): 4 against none in 200 is −2, beyond −1.96.
        PairedAccuracy.Score(200, 0, 4, 0).ShouldBe(-2, 1e-12);
        PairedAccuracy.Interval(200, 0, 4, Z).High.ShouldBeLessThan(0);
        PairedAccuracy.Interval(200, 0, 3, Z).High.ShouldBeGreaterThan(0);
        Wald(200, 0, 0).ShouldBe((0, 0, 0)); // the interval it replaced: a point when no request is discordant
    }

    /// <summary>Shares of runs failed by Tango, Wald and MLflow's rule, for <paramref name="n"/> labelled requests, discordance <paramref name="discordant"/> and true Δ.</summary>
    private static (double Tango, double Wald, double PointRule) Simulate(int seed, int runs, int n, double discordant, double delta, double maxDrop)
    {
        var random = new Random(seed);
        var (pb, pc) = ((discordant + delta) / 2, (discordant - delta) / 2);
        int tango = 0, wald = 0, point = 0;
        for (var run = 0; run < runs; run++)
        {
            var b = Binomial(random, n, pb);
            var c = Binomial(random, n - b, pc / (1 - pb));
            tango += PairedAccuracy.Interval(n, b, c, Z).High < -maxDrop ? 1 : 0;
            wald += Wald(n, b, c).High < -maxDrop ? 1 : 0;
            point += (b - c) / (double)n < -maxDrop ? 1 : 0;
        }

        return (tango / (double)runs, wald / (double)runs, point / (double)runs);
    }

    private static (double Delta, double Low, double High) Wald(int n, int b, int c)
    {
        var mean = (b - c) / (double)n;
        var se = Math.Sqrt((b + c - n * mean * mean) / (n - 1) / n);
        return (mean, mean - Z * se, mean + Z * se);
    }

    private static int Binomial(Random random, int n, double p)
    {
        // Inversion from 0: the counts here have small means, so the walk is short.
        if (p <= 0 || n == 0)
        {
            return 0;
        }

        var u = random.NextDouble();
        var q = Math.Pow(1 - p, n);
        var cumulative = q;
        var k = 0;
        while (u > cumulative && k < n)
        {
            q *= (n - k) / (double)(k + 1) * p / (1 - p);
            k++;
            cumulative += q;
        }

        return k;
    }

    [Fact]
    public void Simulate_AtTheAllowedDrop_TangoFailsAtMostTheNominalShare_AndCatchesRealDrops()
    {
        var runs = Runs;
        var table = new StringBuilder("labelled | discordant | allowed drop | true Δ | Tango | Wald | point rule\n");
        var nominal = 0.025; // the upper bound of a two-sided 95% interval: one tail
        var slack = 3 * Math.Sqrt(nominal * (1 - nominal) / runs);
        var seed = 1;
        foreach (var n in new[] { 200, 1000, 5000 })
        {
            foreach (var discordant in new[] { 0.02, 0.05, 0.2 })
            {
                foreach (var maxDrop in new[] { 0.0, 0.01 })
                {
                    foreach (var delta in new[] { -maxDrop, -maxDrop - 0.01, -maxDrop - 0.02 })
                    {
                        if (-delta > discordant)
                        {
                            continue;
                        }

                        var (tango, wald, point) = Simulate(seed++, runs, n, discordant, delta, maxDrop);
                        table.Append(CultureInfo.InvariantCulture, $"{n} | {discordant} | {maxDrop} | {delta} | {tango:0.000} | {wald:0.000} | {point:0.000}\n");
                        if (delta == -maxDrop)
                        {
                            // The score test is asymptotic: with a handful of discordant requests (200 × 2% = 4) it
                            // runs a little over its nominal tail (0.032 in 4,000 runs), never over the gate's α.
                            tango.ShouldBeLessThanOrEqualTo(n * discordant >= 20 ? nominal + slack : 2 * nominal, $"{n} labelled, {discordant} discordant, at the allowed drop {maxDrop}");
                        }
                    }
                }
            }
        }

        output.WriteLine(table.ToString());

        // Power: 5,000 labelled requests, 5% discordant, a candidate 2 points worse than allowed is caught almost always.
        Simulate(99, runs, 5000, 0.05, -0.02, 0.0).Tango.ShouldBeGreaterThan(0.99);
        Simulate(98, runs, 1000, 0.05, -0.02, 0.0).Tango.ShouldBeGreaterThan(0.5);
    }

    [Fact]
    public void Simulate_Agreement_WilsonFailsAtMostAlphaAtTheMinimum_AndCatchesClearDrops()
    {
        var runs = Runs;
        const double minimum = 0.9;
        const double alpha = 0.05; // one slice: the whole level, one-sided
        var z = -Tollgate.Domain.Statistics.Normal.Quantile(alpha);
        var table = new StringBuilder("pairs | true agreement | exact | Wilson | point rule\n");
        var random = new Random(17);
        var rates = new Dictionary<(int, double), (double Exact, double Wilson, double Point)>();
        foreach (var n in new[] { 100, 200, 1000, 5000 })
        {
            foreach (var agreement in new[] { 0.9, 0.88, 0.85, 0.8 })
            {
                int exact = 0, wilson = 0, point = 0;
                for (var run = 0; run < runs; run++)
                {
                    var agreeing = n - Binomial(random, n, 1 - agreement);
                    exact += Tollgate.Domain.Statistics.Binomial.ExactUpper(agreeing, n, alpha) < minimum ? 1 : 0;
                    wilson += Wilson(agreeing, n, z) < minimum ? 1 : 0;
                    point += agreeing / (double)n < minimum ? 1 : 0;
                }

                var r = rates[(n, agreement)] = (exact / (double)runs, wilson / (double)runs, point / (double)runs);
                table.Append(CultureInfo.InvariantCulture, $"{n} | {agreement} | {r.Exact:0.000} | {r.Wilson:0.000} | {r.Point:0.000}\n");
            }
        }

        output.WriteLine(table.ToString());
        var slack = 3 * Math.Sqrt(alpha * (1 - alpha) / runs);
        foreach (var n in new[] { 100, 200, 1000, 5000 })
        {
            rates[(n, 0.9)].Exact.ShouldBeLessThanOrEqualTo(alpha + slack, $"{n} pairs at the minimum");
        }

        rates[(1000, 0.85)].Exact.ShouldBeGreaterThan(0.99);
        rates[(5000, 0.88)].Exact.ShouldBeGreaterThan(0.9);
    }

    /// <summary>Wilson's score upper bound, the agreement check's bound before the exact one.</summary>
    private static double Wilson(int successes, int n, double z)
    {
        var p = successes / (double)n;
        return (p + z * z / (2.0 * n) + z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n))) / (1 + z * z / n);
    }

    [Theory]
    [InlineData(0, 10, 0.05)]
    [InlineData(90, 100, 0.05)]
    [InlineData(4500, 5000, 0.01)]
    public void ExactUpper_IsWhereTheLowerTailEqualsAlpha(int successes, int n, double alpha)
    {
        var upper = Tollgate.Domain.Statistics.Binomial.ExactUpper(successes, n, alpha);

        Tollgate.Domain.Statistics.Binomial.Cdf(successes, n, upper).ShouldBe(alpha, 1e-9);
        upper.ShouldBeGreaterThan(successes / (double)n);
    }

    [Fact]
    public void ExactUpper_NoneOfTen_IsOneMinusAlphaToTheTenth()
    {
        // P(X ≤ 0) = (1 − p)^10 = α  ⇒  p = 1 − α^(1/10): 0.2589 at α 0.05.
        Tollgate.Domain.Statistics.Binomial.ExactUpper(0, 10, 0.05).ShouldBe(1 - Math.Pow(0.05, 0.1), 1e-12);
        Tollgate.Domain.Statistics.Binomial.ExactUpper(10, 10, 0.05).ShouldBe(1);
    }

    [Fact]
    public void Simulate_ScoreShift_NoiseDoesNotFail_AShiftOfTwiceTheMinimumIsCaught()
    {
        // Live scores around 0.3 (σ 0.15, clamped to [0, 1]); the candidate scores the same requests with its own noise
        // (0.1 σ) plus a shift. Beside the check: KS alone (what drift tools apply to predictions, p < 0.05) and the
        // check before the paired test (KS p < 0.05 and W1 ≥ 0.1 σ).
        var runs = Math.Max(200, Runs / 4);
        var table = new StringBuilder("pairs | shift (σ) | Tollgate | KS alone | KS and W1 (before)\n");
        var rates = new Dictionary<(int, double), (double Ours, double Ks, double Before)>();
        var random = new Random(23);
        foreach (var n in new[] { 200, 1000, 5000 })
        {
            foreach (var shift in new[] { 0.0, 0.05, 0.1, 0.2 })
            {
                int ours = 0, ks = 0, before = 0;
                var live = new double[n];
                var candidate = new double[n];
                for (var run = 0; run < runs; run++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        live[i] = Math.Clamp(0.3 + 0.15 * Gauss(random), 0, 1);
                        candidate[i] = Math.Clamp(live[i] + 0.015 * Gauss(random) + shift * 0.15, 0, 1);
                    }

                    var (p, w) = ShadowGate.ScoreShift(live, candidate);
                    var ksP = KolmogorovSmirnov.Test(EmpiricalDistribution.FromValues(live), EmpiricalDistribution.FromValues(candidate)).PValue;
                    ours += ShadowGate.Shifted(p, w, 0.05) ? 1 : 0;
                    ks += ksP < 0.05 ? 1 : 0;
                    before += ShadowGate.Shifted(ksP, w, 0.05) ? 1 : 0;
                }

                var r = rates[(n, shift)] = (ours / (double)runs, ks / (double)runs, before / (double)runs);
                table.Append(CultureInfo.InvariantCulture, $"{n} | {shift} | {r.Ours:0.000} | {r.Ks:0.000} | {r.Before:0.000}\n");
            }
        }

        output.WriteLine(table.ToString());
        foreach (var n in new[] { 200, 1000, 5000 })
        {
            rates[(n, 0.0)].Ours.ShouldBeLessThanOrEqualTo(0.05, $"{n} pairs, no shift");
            rates[(n, 0.05)].Ours.ShouldBeLessThanOrEqualTo(0.05, $"{n} pairs, half the minimum shift");
            rates[(n, 0.2)].Ours.ShouldBeGreaterThan(0.99, $"{n} pairs, twice the minimum shift");
        }
    }

    private static double Gauss(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
