using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class SequentialEValueTests
{
    [Fact]
    public void RateRatio_NullTrueCheckedEveryInterval_FalseRollbackRateStaysBelowAlpha()
    {
        // 400 canaries as good as their baseline, each looked at after every one of 30 intervals.
        var random = new Random(20261126);
        var crossed = 0;
        const int runs = 400;
        for (var run = 0; run < runs; run++)
        {
            var intervals = new List<(long, double, long, double)>();
            for (var i = 0; i < 30; i++)
            {
                intervals.Add((Poisson(random, 2.0), 1000, Poisson(random, 2.0), 1000));
            }

            if (SequentialEValue.RateRatio(intervals, 1.0).Any(e => e >= 20))
            {
                crossed++;
            }
        }

        // Ville's inequality: at most α = 5% ever cross 1/α; naive repeated p < 0.05 looks cross far more often.
        (crossed / (double)runs).ShouldBeLessThanOrEqualTo(0.05);
    }

    [Fact]
    public void RateRatio_ThreeTimesTheErrors_CrossesWithinTheWindow()
    {
        var random = new Random(11);
        var intervals = Enumerable.Range(0, 10).Select(_ => (Poisson(random, 6.0), 1000.0, Poisson(random, 2.0), 1000.0)).ToList();
        SequentialEValue.RateRatio(intervals, 1.0)[^1].ShouldBeGreaterThan(20);
    }

    [Fact]
    public void RateRatio_BoundAboveTheTruth_NoEvidence()
    {
        var intervals = Enumerable.Repeat((6L, 1000.0, 2L, 1000.0), 10).ToList();
        SequentialEValue.RateRatio(intervals, 5.0)[^1].ShouldBeLessThan(1);
    }

    [Fact]
    public void Proportion_NullTrueCheckedEveryInterval_FalseRateStaysBelowAlpha()
    {
        var random = new Random(5);
        var crossed = 0;
        for (var run = 0; run < 300; run++)
        {
            var intervals = Enumerable.Range(0, 20).Select(_ => (Poisson(random, 10.0), 1000L)).ToList();
            crossed += SequentialEValue.Proportion(intervals, 0.01).Any(e => e >= 20) ? 1 : 0;
        }

        (crossed / 300.0).ShouldBeLessThanOrEqualTo(0.05);
    }

    [Fact]
    public void AnytimePValue_LargestEValue_IsItsInverse()
    {
        SequentialEValue.AnytimePValue([0.5, 40, 10]).ShouldBe(0.025);
        SequentialEValue.AnytimePValue([0.5]).ShouldBe(1);
    }

    private static long Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        long k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }
}
