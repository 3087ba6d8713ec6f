using CsCheck;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

/// <summary>
/// The tie counter's paths (one table, the switch to partitions mid-stream, partitioned counting, giving up at the
/// limit in either) against a plain reference: a Dictionary count of the finite values' bits (−0.0 as 0.0), sorted.
/// </summary>
public sealed class TieCounterTests
{
    // Few distinct values, many distinct ones, one value in nine of ten rows, and the values that have rules.
    private static readonly Gen<double> Special = Gen.OneOf<double>(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.MaxValue);

    private static readonly Gen<double[]> Samples = Gen.OneOf(
        Gen.Int[0, 40].Select(i => i * 0.25).Array[1, 3_000],
        Gen.Int[0, 5_000].Select(i => 1 + (i * 1e-4)).Array[1, 20_000],
        Gen.Frequency((9, Gen.Const(3.5)), (1, Gen.Int[-3_000, 3_000].Select(i => i * 0.001))).Array[1, 20_000],
        Gen.Frequency((6, Gen.Int[0, 2_000].Select(i => i * 0.5)), (1, Special)).Array[1, 20_000]);

    [Fact]
    public void Result_AnySampleInAnyPieces_IsTheReferenceCountWhicheverTheSplitPoint()
    {
        Gen.Select(Samples, Gen.Int[1, 6], Gen.Int[1, 600]).Sample((values, pieces, splitAt) =>
        {
            var counter = new TieCounter(long.MaxValue, splitAt);
            var size = (values.Length / pieces) + 1;
            foreach (var piece in values.Chunk(size))
            {
                counter.Add(piece).ShouldBeTrue();
            }

            var counted = counter.Result().ShouldNotBeNull();
            counter.Release();

            var (keys, counts) = Reference(values);
            counted.Values.ToArray().Select(BitConverter.DoubleToUInt64Bits).ShouldBe(keys);
            counted.Counts.ToArray().ShouldBe(counts);
        }, iter: 200);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(16)]
    public void Add_OneDistinctValueOverTheLimit_GivesUpInEitherPath(int splitAt)
    {
        var values = Enumerable.Range(0, 20_000).Select(i => (double)(1 + (i % 1_001))).ToArray();

        var atLimit = new TieCounter(1_001, splitAt);
        var overLimit = new TieCounter(1_000, splitAt);
        var countedAtLimit = atLimit.Add(values) ? atLimit.Result() : null;
        var countedOverLimit = overLimit.Add(values) ? overLimit.Result() : null;

        countedAtLimit.ShouldNotBeNull().Values.Length.ShouldBe(1_001);
        countedOverLimit.ShouldBeNull();
    }

    [Fact]
    public void Add_OverTheLimitWhilePartitioned_GivesUpBeforeTheEnd()
    {
        // 3M values over 2,001 distinct ones: every partition with a key fills its buffer (1,024) while adding, so the
        // distinct values are all counted, and the limit crossed, before the end.
        var values = Enumerable.Range(0, 3_000_000).Select(i => 1 + ((i * 7_919L) % 2_001 * 0.01)).ToArray();
        var counter = new TieCounter(2_000, splitAt: 16);

        counter.Add(values).ShouldBeFalse();
    }

    [Fact]
    public void Result_OverTheLimitOnlyInTheLastStagedKeys_IsNull()
    {
        // Few values after the switch: the distinct value over the limit waits in a buffer until the result flushes it.
        var values = Enumerable.Range(0, 300).Select(i => (double)(i + 1)).ToArray();
        var counter = new TieCounter(299, splitAt: 16);

        counter.Add(values).ShouldBeTrue();

        counter.Result().ShouldBeNull();
    }

    [Fact]
    public void TryCount_MoreDistinctValuesThanOneTableHolds_IsTheReferenceCount()
    {
        // 2.4M values with 300k distinct, one of them in 60 % of the rows: the public path switches to partitions.
        var random = new Random(21);
        var values = new double[2_400_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(10) < 6 ? 42.0 : Math.Round(random.Next(300_000) * 1e-3, 3);
        }

        var counted = TieCount.TryCount([values.AsSpan(0, 1_000_000).ToArray(), values.AsSpan(1_000_000).ToArray()], values.Length).ShouldNotBeNull();

        counted.Values.Length.ShouldBeGreaterThan(TieCounter.SplitAt);
        var (keys, counts) = Reference(values);
        counted.Values.ToArray().Select(BitConverter.DoubleToUInt64Bits).ShouldBe(keys);
        counted.Counts.ToArray().ShouldBe(counts);
    }

    [Fact]
    public void Result_ZerosAndNonFiniteAfterTheSwitch_ZeroCountedOnceAndNonFiniteDropped()
    {
        var values = Enumerable.Range(0, 4_000)
            .Select(i => (i % 5) switch { 0 => 0.0, 1 => -0.0, 2 => double.NaN, 3 => double.PositiveInfinity, _ => i * 0.5 })
            .ToArray();
        var counter = new TieCounter(long.MaxValue, splitAt: 16);

        counter.Add(values).ShouldBeTrue();
        var counted = counter.Result().ShouldNotBeNull();

        counted.Values[0].ShouldBe(0.0);
        BitConverter.DoubleToUInt64Bits(counted.Values[0]).ShouldBe(0UL);
        counted.Counts[0].ShouldBe(1_600);
        counted.Values.Length.ShouldBe(801);
        counted.Total.ShouldBe(2_400);
    }

    // The finite values' bits (−0.0 as 0.0) in numeric order with how often each occurs.
    private static (ulong[] Keys, long[] Counts) Reference(double[] values)
    {
        var counts = new Dictionary<double, long>();
        foreach (var v in values.Where(double.IsFinite))
        {
            var key = v == 0 ? 0.0 : v;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var sorted = counts.Keys.Order().ToArray();
        return (sorted.Select(BitConverter.DoubleToUInt64Bits).ToArray(), sorted.Select(v => counts[v]).ToArray());
    }
}
