using CsCheck;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class GroupSequentialTests
{
    [Fact]
    public void NominalLevels_SciPyVectors_Match()
    {
        foreach (var row in SciPyVectors.Rows("group_sequential").EnumerateArray())
        {
            var levels = GroupSequential.NominalLevels(row.Number("alpha"), (int)row.Number("looks"));
            var z = row.Numbers("z");
            for (var k = 0; k < z.Length; k++)
            {
                // The boundary itself to 1e-3 (Simpson grid against Genz's integration), in z units.
                (-Normal.Quantile(levels[k])).ShouldBe(z[k], 2e-3, $"look {k + 1} {row}");
            }
        }
    }

    [Fact]
    public void NominalLevels_FiveLooks_ArePublishedLanDeMetsBoundaries()
    {
        // Lan-DeMets O'Brien-Fleming-type, one-sided α = 0.025, five equally spaced looks (e.g. Jennison and Turnbull,
        // Group Sequential Methods, 2000, §7.2; gsDesign's sfLDOF): 4.877, 3.357, 2.680, 2.290, 2.031.
        var z = GroupSequential.NominalLevels(0.025, 5).Select(p => -Normal.Quantile(p)).ToArray();

        z.ShouldBe([4.877, 3.357, 2.680, 2.290, 2.031], 2e-3);
    }

    [Fact]
    public void NominalLevels_TenLooks_SpendTheWholeAlphaAndKeepMostForTheLast()
    {
        var levels = GroupSequential.NominalLevels(0.0005, 10);

        levels.ShouldBeInOrder(SortDirection.Ascending);
        levels[0].ShouldBeLessThan(1e-12);
        levels[^1].ShouldBeInRange(0.0005 * 0.7, 0.0005);
    }

    [Fact]
    public void LookAdjustedPValue_AtTheBoundary_IsAlpha()
    {
        foreach (var alpha in (double[])[0.05, 0.01, 0.0005, 1e-6])
        {
            var levels = GroupSequential.NominalLevels(alpha, 10);
            for (var look = 3; look <= 10; look++)
            {
                GroupSequential.LookAdjustedPValue(levels[look - 1], look, 10).ShouldBe(alpha, alpha * 0.01, $"α {alpha} look {look}");
            }
        }
    }

    [Fact]
    public void LookAdjustedPValue_Properties_InUnitIntervalMonotoneAndNotBelowNominal()
    {
        Gen.Select(Gen.Double[1e-12, 1], Gen.Double[1e-12, 1], Gen.Int[1, 10]).Sample((p, q, look) =>
        {
            var a = GroupSequential.LookAdjustedPValue(p, look, 10);
            var b = GroupSequential.LookAdjustedPValue(q, look, 10);
            return a is >= 0 and <= 1 && (p <= q ? a <= b + 1e-12 : a >= b - 1e-12) && a >= Math.Min(p, 0.5) * 0.999;
        }, iter: 500);
    }

    [Fact]
    public void LookAdjustedPValue_DownToTheSmallestPValues_IsNeverBelowTheNominalPValue()
    {
        // Was a rounding below it, by interpolation in the table (95 of 200,000 random cases) and far beyond it
        // (p ≈ 1e-85): a report's decisionPValue below its slicePValue.
        Gen.Select(Gen.Double[0, 300], Gen.Int[1, 12], Gen.Int[1, 12]).Sample((exponent, look, looks) =>
        {
            var p = Math.Pow(10, -exponent);
            return GroupSequential.LookAdjustedPValue(p, Math.Min(look, looks), looks) >= p;
        }, iter: 5_000);
    }

    [Fact]
    public void NominalLevel_IsTheInverseOfLookAdjustedPValue()
    {
        Gen.Select(Gen.Double[1e-8, 0.3], Gen.Int[1, 10]).Sample((alpha, look) =>
        {
            var nominal = GroupSequential.NominalLevel(alpha, look, 10);
            return nominal <= 1e-300 || Math.Abs(GroupSequential.LookAdjustedPValue(nominal, look, 10) / alpha - 1) < 1e-6;
        }, iter: 300);
    }

    [Fact]
    public void Boundaries_SimulatedBrownianMotion_CrossAtMostAlpha()
    {
        // Ten looks at the score of 100 independent N(0, 1) increments each: the family of boundaries keeps α.
        var random = new Random(20261130);
        const double alpha = 0.05;
        var levels = GroupSequential.NominalLevels(alpha, 10).Select(p => -Normal.Quantile(p)).ToArray();
        var crossed = 0;
        const int runs = 20_000;
        for (var run = 0; run < runs; run++)
        {
            var sum = 0.0;
            for (var k = 1; k <= 10; k++)
            {
                sum += Gaussian(random);
                if (sum / Math.Sqrt(k) >= levels[k - 1])
                {
                    crossed++;
                    break;
                }
            }
        }

        (crossed / (double)runs).ShouldBeInRange(alpha - 0.006, alpha + 0.006);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
