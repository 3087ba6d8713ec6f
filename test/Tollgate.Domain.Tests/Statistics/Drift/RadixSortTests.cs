using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(5_000, 2)]
    [InlineData(100_000, 3)]
    public void Sort_MixedSignsMagnitudesAndTies_MatchesArraySort(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (i % 7) switch
            {
                0 => -random.NextDouble() * 1e6,
                1 => random.NextDouble() * 1e-300,
                2 => Math.Round(random.NextDouble() * 10) - 5,
                3 => i % 2 == 0 ? 0.0 : -0.0,
                4 => double.Epsilon * (random.Next(3) - 1),
                5 => Math.Exp(random.NextDouble() * 600) * (random.Next(2) == 0 ? -1 : 1),
                _ => random.NextDouble(),
            };
        }

        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values);

        values.ShouldBe(expected);
    }

    [Fact]
    public void Sort_DenseClusterBesideFarOutliers_MatchesArraySort()
    {
        // The first level puts the cluster in one part of 300k values, so the levels below count on pooled digits.
        var random = new Random(4);
        var values = Enumerable.Range(0, 300_000).Select(i => i % 30_000 == 0 ? 1e12 + i : 1 + (random.NextDouble() * 1e-4)).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values);

        values.ShouldBe(expected);
    }

    [Fact]
    public void Sort_AllValuesEqual_SkipsEveryPassAndKeepsThem()
    {
        var values = Enumerable.Repeat(3.25, 20_000).ToArray();

        RadixSort.Sort(values);

        values.ShouldAllBe(v => v == 3.25);
    }

    [Fact]
    public void EcdfWalk_RawSampleAndItsCountedForm_GiveTheSameGapAndArea()
    {
        var random = new Random(7);
        for (var round = 0; round < 50; round++)
        {
            var a = Enumerable.Range(0, 1 + random.Next(300)).Select(_ => (double)random.Next(40)).ToArray();
            var b = Enumerable.Range(0, 1 + random.Next(300)).Select(_ => random.Next(60) / 1.5).ToArray();

            var raw = EcdfWalk.Of(EmpiricalDistribution.FromValues(a), EmpiricalDistribution.FromValues(b));
            var counted = EcdfWalk.Of(Counted(a), Counted(b));

            raw.MaxGap.ShouldBe(counted.MaxGap);
            raw.Wasserstein.ShouldBe(counted.Wasserstein, 1e-9 * Math.Max(1, counted.Wasserstein));
        }
    }

    private static EmpiricalDistribution Counted(double[] values)
    {
        var groups = values.GroupBy(v => v).OrderBy(g => g.Key).ToArray();
        return EmpiricalDistribution.FromCounts([.. groups.Select(g => g.Key)], [.. groups.Select(g => (long)g.Count())]);
    }
}
