using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>
/// Beyond 30 looks the levels come from the grid scaled to one look's step (<c>StepScaledRecursion</c>). Before, the
/// 81-point grid gave levels whose crossing fell 11 % short of α at 100 looks and reached 1 from look ~870 of 1,000.
/// Known answers from an independent computation (SciPy, a finer grid and its own root finder):
/// <c>/usr/bin/python3 eng/scipy/group_sequential_levels.py</c>; and the test-side fine grid (<see cref="FineGridCrossing"/>).
/// </summary>
public sealed class GroupSequentialManyLooksTests
{
    [Theory]
    [InlineData(0.05, 50, new[] { 12, 25, 49, 50 }, new[] { 5.329446195e-05, 3.816013516e-03, 2.868622089e-02, 2.996845906e-02 })]
    [InlineData(0.01, 50, new[] { 12, 25, 49, 50 }, new[] { 1.323393042e-07, 1.969456596e-04, 5.791777358e-03, 6.225983489e-03 })]
    [InlineData(0.05, 100, new[] { 25, 50, 99, 100 }, new[] { 6.593658534e-05, 3.512640233e-03, 2.786439961e-02, 2.848537742e-02 })]
    [InlineData(0.01, 100, new[] { 25, 50, 99, 100 }, new[] { 2.076641441e-07, 1.790487223e-04, 5.653079927e-03, 5.861747585e-03 })]
    [InlineData(0.05, 240, new[] { 60, 120, 239, 240 }, new[] { 5.841364920e-05, 3.252389872e-03, 2.698106094e-02, 2.723267334e-02 })]
    [InlineData(0.01, 240, new[] { 60, 120, 239, 240 }, new[] { 1.815501039e-07, 1.633194646e-04, 5.468747081e-03, 5.552507908e-03 })]
    [InlineData(0.05, 1000, new[] { 250, 500, 999, 1000 }, new[] { 5.117432505e-05, 3.013011881e-03, 2.602655165e-02, 2.608535292e-02 })]
    [InlineData(0.01, 1000, new[] { 250, 500, 999, 1000 }, new[] { 1.549159023e-07, 1.486893127e-04, 5.249270996e-03, 5.268632231e-03 })]
    public void NominalLevels_ManyLooks_MatchSciPy(double alpha, int looks, int[] at, double[] expected)
    {
        var levels = GroupSequential.NominalLevels(alpha, looks);

        for (var i = 0; i < at.Length; i++)
        {
            // Measured within 2e-4 relative; the SciPy levels cross as the spending function spends to about 1e-6.
            (levels[at[i] - 1] / expected[i]).ShouldBe(1, 1e-3, $"α {alpha}, look {at[i]} of {looks}");
        }
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(240)]
    public void NominalLevels_ManyLooks_CrossAlphaByTheLastLook(int looks)
    {
        foreach (var alpha in (double[])[0.05, 0.01, 1e-6])
        {
            var crossed = FineGridCrossing.Cumulative(GroupSequential.NominalLevels(alpha, looks));

            crossed[^1].ShouldBe(alpha, Math.Min(1e-4, alpha * 1e-3), $"α {alpha}, {looks} looks");
            for (var k = 1; k <= looks; k++)
            {
                var spent = GroupSequential.Spending(k / (double)looks, alpha);
                if (spent >= alpha * 1e-3)
                {
                    (crossed[k - 1] / spent).ShouldBe(1, 1e-3, $"α {alpha}, look {k} of {looks}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0.05, new[] { 60, 120, 239, 240 }, new[] { 5.841364920e-05, 3.252389872e-03, 2.698106094e-02, 2.723267334e-02 })]
    [InlineData(0.01, new[] { 60, 120, 239, 240 }, new[] { 1.815501039e-07, 1.633194646e-04, 5.468747081e-03, 5.552507908e-03 })]
    public void NominalLevelAndLookAdjustedPValue_240Looks_MatchSciPy(double alpha, int[] at, double[] expected)
    {
        // 240 looks (the most a spec may plan, a 4-hour window of 1-minute steps) through the table a canary reads,
        // whose α columns are computed as they are read: the level at α, and the SciPy level back to α.
        // Measured: levels within 2.1e-3 relative (log-log interpolation between α columns), α within 5.8e-4.
        for (var i = 0; i < at.Length; i++)
        {
            (GroupSequential.NominalLevel(alpha, at[i], 240) / expected[i]).ShouldBe(1, 5e-3, $"α {alpha}, look {at[i]} of 240");
            (GroupSequential.LookAdjustedPValue(expected[i], at[i], 240) / alpha).ShouldBe(1, 2e-3, $"α {alpha}, look {at[i]} of 240");
        }
    }
}
