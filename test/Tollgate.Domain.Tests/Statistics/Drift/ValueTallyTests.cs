using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class ValueTallyTests
{
    [Theory]
    [InlineData(400_000, 1, 3, 1000, true)]
    [InlineData(400_000, 2, 2, 65_536, true)]
    [InlineData(300_000, 3, -1, 4096, true)]
    [InlineData(50_000, 4, 1, 7, true)]
    [InlineData(400_000, 5, 3, 1000, false)]
    [InlineData(300_000, 6, -1, 3000, false)]
    [InlineData(1_200_000, 7, -1, 100_000, true)]
    [InlineData(1_200_000, 8, 2, 100_000, true)]
    public void Add_InPieces_GivesBitForBitTheFiguresOfTheSortedValues(int count, int seed, int decimals, int piece, bool batched)
    {
        // decimals −1: continuous values, kept and sorted (past a first batch, kept from the start); otherwise rounded, counted.
        var random = new Random(seed);
        var values = Enumerable.Range(0, count).Select(_ => Value(random, decimals)).ToArray();
        var tally = new ValueTally(count, batched);
        for (var at = 0; at < count; at += piece)
        {
            tally.Add(values.AsSpan(at, Math.Min(piece, count - at)));
        }

        var tallied = tally.Result();
        var sorted = EmpiricalDistribution.FromValues(values.Where(double.IsFinite).ToArray());
        tallied.Total.ShouldBe(sorted.Total);
        tallied.Mean().ShouldBe(sorted.Mean());
        tallied.StandardDeviation().ShouldBe(sorted.StandardDeviation());
        QuantileBins.Edges(tallied, 10).ShouldBe(QuantileBins.Edges(sorted, 10));
        var walk = EcdfWalk.Of(tallied, sorted);
        walk.MaxGap.ShouldBe(0);
        walk.Wasserstein.ShouldBe(0);
        if (decimals >= 0)
        {
            tallied.Values.Length.ShouldBeLessThan(count / 8, "rounded values are counted, not kept");
        }
        else
        {
            tallied.Values.Length.ShouldBe((int)sorted.Total, "continuous values are kept and sorted");
        }
    }

    [Fact]
    public void Add_MoreDistinctValuesThanCounted_WritesOutTheCountsAndKeepsTheRest()
    {
        // A first batch of 1,000 values repeated, so it is counted, then more distinct values than are ever counted.
        var values = Enumerable.Range(0, 600_000).Select(i => (double)((i % 1000) + 1))
            .Concat(Enumerable.Range(0, TieCount.MaxDistinct + 5000).Select(i => 2000.5 + i))
            .ToArray();
        var tally = new ValueTally(0);
        for (var at = 0; at < values.Length; at += 300_000)
        {
            tally.Add(values.AsSpan(at, Math.Min(300_000, values.Length - at)));
        }

        var tallied = tally.Result();
        tallied.Total.ShouldBe(values.Length);
        tallied.Values.Length.ShouldBe(values.Length, "past the limit every value is kept");
        tallied.Values.ToArray().ShouldBe(values.Order().ToArray());
    }

    [Fact]
    public void Add_FirstBatchHardlyRepeats_KeepsFromTheStart()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, ValueTally.Batch + 1000).Select(_ => random.NextDouble()).ToArray();
        values[17] = double.NaN;
        var tally = new ValueTally(values.Length);
        tally.Add(values.AsSpan(0, ValueTally.Batch - 1));
        tally.Keeping.ShouldBeFalse("a batch not yet full is gathered");
        tally.Add(values.AsSpan(ValueTally.Batch - 1));

        tally.Keeping.ShouldBeTrue();
        var tallied = tally.Result();
        tallied.Values.ToArray().ShouldBe(values.Where(double.IsFinite).Order().ToArray());
    }

    [Theory]
    [InlineData(0, ValueTally.MinBatch)]
    [InlineData(2_100, 4_096)]
    [InlineData(40_000, 65_536)]
    [InlineData(ValueTally.Batch - 1, ValueTally.Batch)]
    [InlineData(10_000_000, ValueTally.Batch)]
    public void BatchLength_ExpectedValues_SizesTheFirstBatchToThemUpToTheWholeBatch(long expected, int length)
    {
        var tally = new ValueTally(expected);
        tally.BatchLength.ShouldBe(length);
        tally.Add([1.5, 2.5]);
        tally.BatchLength.ShouldBe(length, "values are gathered in a batch of that length");
    }

    [Theory]
    [InlineData(-1, 1_000)]
    [InlineData(2, 1_000)]
    [InlineData(-1, 300_000)]
    [InlineData(2, 300_000)]
    [InlineData(-1, 1_100_000)]
    public void Add_FarMoreValuesThanExpected_GrowsTheBatchTwofoldAndGivesTheSameFigures(int decimals, int count)
    {
        // Expected 2,000 values: a batch of 4,096, then 8,192, 16,384 … up to the whole batch.
        var random = new Random(count + decimals);
        var values = Enumerable.Range(0, count).Select(_ => Value(random, decimals)).ToArray();
        var tally = new ValueTally(2_000);
        var lengths = new List<int>();
        for (var at = 0; at < count; at += 1_000)
        {
            tally.Add(values.AsSpan(at, Math.Min(1_000, count - at)));
            if (lengths.Count == 0 || lengths[^1] != tally.BatchLength)
            {
                lengths.Add(tally.BatchLength);
            }
        }

        lengths[0].ShouldBe(4_096);
        lengths.Zip(lengths.Skip(1)).ShouldAllBe(p => p.Second == 2 * p.First);
        lengths.Max().ShouldBeLessThanOrEqualTo(ValueTally.Batch);
        var tallied = tally.Result();
        var sorted = EmpiricalDistribution.FromValues(values.Where(double.IsFinite).ToArray());
        tallied.Total.ShouldBe(sorted.Total);
        tallied.Mean().ShouldBe(sorted.Mean());
        tallied.StandardDeviation().ShouldBe(sorted.StandardDeviation());
        QuantileBins.Edges(tallied, 10).ShouldBe(QuantileBins.Edges(sorted, 10));
        EcdfWalk.Of(tallied, sorted).MaxGap.ShouldBe(0);
        EcdfWalk.Of(tallied, sorted).Wasserstein.ShouldBe(0);
    }

    [Theory]
    [InlineData(-1, 10_000_000)]
    [InlineData(2, 10_000_000)]
    [InlineData(2, 2_000)]
    public void Add_LongestBatchShorterThanExpected_GathersAtMostThatManyAndGivesTheSameFigures(int decimals, long expected)
    {
        // A small heap's budget caps the batch (32,768 values for twenty columns under 64 MB): a large expected sample
        // starts there, a small one grows up to it and no further; neither changes a figure.
        var random = new Random(decimals + 7);
        var values = Enumerable.Range(0, 300_000).Select(_ => Value(random, decimals)).ToArray();
        var capped = new ValueTally(expected, longest: 32_768);
        var whole = new ValueTally(expected);
        var lengths = new HashSet<int>();
        for (var at = 0; at < values.Length; at += 10_000)
        {
            capped.Add(values.AsSpan(at, 10_000));
            whole.Add(values.AsSpan(at, 10_000));
            lengths.Add(capped.BatchLength);
        }

        lengths.Max().ShouldBe(32_768);
        var a = capped.Result();
        var b = whole.Result();
        (a.Total, a.Mean(), a.StandardDeviation()).ShouldBe((b.Total, b.Mean(), b.StandardDeviation()));
        QuantileBins.Edges(a, 10).ShouldBe(QuantileBins.Edges(b, 10));
        EcdfWalk.Of(a, b).MaxGap.ShouldBe(0);
        EcdfWalk.Of(a, b).Wasserstein.ShouldBe(0);
    }

    [Fact]
    public void Add_NegativeZeroAndMissing_ZeroCountedOnceAndNonFiniteLeftOut()
    {
        var values = Enumerable.Range(0, 1000)
            .Select(i => (i % 5) switch { 0 => 0.0, 1 => -0.0, 2 => double.NaN, 3 => double.PositiveInfinity, _ => -1.5 })
            .ToArray();
        var tally = new ValueTally(values.Length);
        tally.Add(values);

        var tallied = tally.Result();
        tallied.Values.ToArray().ShouldBe([-1.5, 0.0]);
        tallied.Counts.ToArray().ShouldBe([200L, 400L]);
    }

    [Fact]
    public void Result_NothingAdded_IsEmpty()
    {
        var tally = new ValueTally(0);
        tally.Add([double.NaN]);
        tally.Result().Total.ShouldBe(0);
    }

    private static double Value(Random random, int decimals)
    {
        var u = random.NextDouble();
        var v = u < 0.01 ? double.NaN : u < 0.02 ? 0.0 : u < 0.03 ? -0.0 : (random.NextDouble() * 20) - 5;
        return decimals >= 0 && double.IsFinite(v) ? Math.Round(v, decimals) : v;
    }
}
