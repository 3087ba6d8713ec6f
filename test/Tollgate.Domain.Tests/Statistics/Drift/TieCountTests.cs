using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class TieCountTests
{
    [Theory]
    [InlineData(600_000, 1, 3)]
    [InlineData(100_000, 2, 1)]
    [InlineData(80_000, 3, 0)]
    public void TryCount_RoundedSample_GivesBitForBitTheFiguresOfTheSortedValues(int count, int seed, int decimals)
    {
        var random = new Random(seed);
        var reference = Sample(random, count, decimals, shift: 0);
        var current = Sample(random, count / 2, decimals, shift: 0.3);

        var countedReference = TieCount.TryCount(reference).ShouldNotBeNull();
        var countedCurrent = TieCount.TryCount(current).ShouldNotBeNull();
        var sortedReference = EmpiricalDistribution.FromValues(reference);
        var sortedCurrent = EmpiricalDistribution.FromValues(current);

        countedReference.Total.ShouldBe(sortedReference.Total);
        countedReference.Values.Length.ShouldBeLessThan(reference.Length / 8);
        countedReference.Values.ToArray().ShouldBe(countedReference.Values.ToArray().Distinct().Order().ToArray());
        countedReference.Mean().ShouldBe(sortedReference.Mean());
        countedReference.StandardDeviation().ShouldBe(sortedReference.StandardDeviation());
        QuantileBins.Edges(countedReference, 10).ShouldBe(QuantileBins.Edges(sortedReference, 10));
        var edges = QuantileBins.Edges(sortedReference, 10);
        QuantileBins.Count(countedCurrent, edges).ShouldBe(QuantileBins.Count(sortedCurrent, edges));

        var counted = EcdfWalk.Of(countedReference, countedCurrent);
        var sorted = EcdfWalk.Of(sortedReference, sortedCurrent);
        counted.MaxGap.ShouldBe(sorted.MaxGap);
        counted.Wasserstein.ShouldBe(sorted.Wasserstein);
        EcdfWalk.Of(countedReference, sortedCurrent).Wasserstein.ShouldBe(sorted.Wasserstein);
        Wasserstein.Normalised(counted, countedReference).ShouldBe(Wasserstein.Normalised(sorted, sortedReference));
    }

    [Fact]
    public void TryCount_ContinuousSample_IsRefusedSoTheCallerSorts()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 300_000).Select(_ => random.NextDouble()).ToArray();

        TieCount.TryCount(values).ShouldBeNull();
    }

    [Fact]
    public void TryCount_TooFewValues_IsRefused()
    {
        TieCount.TryCount([1, 1, 1, 2, 2, 2]).ShouldBeNull();
    }

    [Fact]
    public void TryCount_NegativeZeroAndMissing_ZeroCountedOnceAndNonFiniteDropped()
    {
        var values = Enumerable.Range(0, 1000)
            .Select(i => (i % 5) switch { 0 => 0.0, 1 => -0.0, 2 => double.NaN, 3 => double.NegativeInfinity, _ => -1.5 })
            .ToArray();

        var counted = TieCount.TryCount(values).ShouldNotBeNull();

        counted.Values.ToArray().ShouldBe([-1.5, 0.0]);
        counted.Counts.ToArray().ShouldBe([200L, 400L]);
        counted.Total.ShouldBe(600);
    }

    // Normal, exponential and count-like values rounded to a few decimals, with some missing and both zeros.
    private static double[] Sample(Random random, int count, int decimals, double shift)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = (i % 11) switch
            {
                0 => double.NaN,
                1 => i % 2 == 0 ? 0.0 : -0.0,
                2 or 3 or 4 => Math.Round(-Math.Log(1 - random.NextDouble()) * (1 + shift), decimals),
                5 => Math.Floor(random.NextDouble() * 30),
                _ => Math.Round(10 + (2 * (normal + shift)), decimals),
            };
        }

        return values;
    }
}
