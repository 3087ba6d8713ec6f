using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>
/// The levels are right up to <see cref="GroupSequential.MaxLooks"/> (specs with more looks are refused at load; see
/// also <see cref="GroupSequentialManyLooksTests"/> to 1,000 looks): their
/// boundaries cross by each look with the spending function's probability, against the recursion on a grid scaled to one
/// look's step (<see cref="FineGridCrossing"/>), itself checked by simulation.
/// </summary>
public sealed class GroupSequentialLooksTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(GroupSequential.MaxLooks)]
    public void NominalLevels_UpToMaxLooks_CrossAsTheSpendingFunctionSpends(int looks)
    {
        // Measured: at 30 looks within 0.66 % (α = 1e-9), 0.28 % (1e-6), 0.16 % (0.01); at 35 looks 2.1 % for α = 1e-9.
        foreach (var alpha in (double[])[0.5, 0.05, 0.01, 1e-3, 1e-6, 1e-9])
        {
            var crossed = FineGridCrossing.Cumulative(GroupSequential.NominalLevels(alpha, looks));
            for (var k = 1; k <= looks; k++)
            {
                var spent = GroupSequential.Spending(k / (double)looks, alpha);
                if (spent >= alpha * 1e-3)
                {
                    (crossed[k - 1] / spent).ShouldBe(1, 0.01, $"α {alpha}, look {k} of {looks}");
                }
            }
        }
    }

    [Fact]
    public void FineGridCrossing_AgreesWithSimulatedBrownianMotion()
    {
        const int looks = GroupSequential.MaxLooks;
        const double alpha = 0.05;
        var levels = GroupSequential.NominalLevels(alpha, looks);
        var z = levels.Select(p => -Normal.Quantile(p)).ToArray();
        var random = new Random(20261207);
        const int runs = 100_000;
        var crossed = 0;
        for (var run = 0; run < runs; run++)
        {
            var sum = 0.0;
            for (var k = 1; k <= looks; k++)
            {
                sum += Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                if (sum / Math.Sqrt(k) >= z[k - 1])
                {
                    crossed++;
                    break;
                }
            }
        }

        // Three standard errors of 100,000 runs at 0.05 (0.0007 each).
        (crossed / (double)runs).ShouldBe(FineGridCrossing.Cumulative(levels)[^1], 0.0021);
    }
}
