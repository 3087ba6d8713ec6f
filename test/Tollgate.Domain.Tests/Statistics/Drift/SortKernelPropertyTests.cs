using CsCheck;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

/// <summary>
/// The drift kernel (MSD radix sort, tie counting and its sampled refusal) against a plain reference: the values'
/// order keys sorted by Array.Sort, so ties, −0.0 before 0.0, subnormals and the extremes are placed exactly.
/// </summary>
public sealed class SortKernelPropertyTests
{
    private static readonly Gen<double> Mixed = Gen.OneOf(
        Gen.Double[-1e6, 1e6],
        Gen.Int[-20, 20].Select(i => i / 4.0),
        Gen.OneOf<double>(0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, double.PositiveInfinity, double.NegativeInfinity),
        Gen.Int[-1074, 1023].Select(e => Math.ScaleB(1.0, e)),
        Gen.Double[0, 1].Select(u => -u * 1e-310));

    // Values of one family (so both ways of forming the first parts are taken), mixed ones, and tiny samples.
    private static readonly Gen<double[]> Samples = Gen.OneOf(
        Gen.Double[-1e6, 1e6].Array[4_000, 20_000],
        Gen.Double[10, 10.001].Array[4_097, 20_000],
        Gen.Double[0, 1].Select(u => Math.Exp(40 * u) - 1).Array[4_097, 20_000],
        Gen.Int[0, 30].Select(i => i * 0.5).Array[4_097, 20_000],
        Gen.Double[-3, 3].Array[1, 30].SelectMany(distinct => Gen.Int[0, distinct.Length - 1].Select(i => distinct[i]).Array[4_097, 20_000]),
        Gen.Const(7.25).Array[4_097, 10_000],
        Gen.OneOf<double>(0.0, -0.0).Array[4_097, 10_000],
        Mixed.Array[4_097, 20_000],
        Mixed.Array[0, 5]);

    [Fact]
    public void Sort_AnySample_PutsTheKeysInTheReferenceOrder()
    {
        Samples.Sample(values =>
        {
            var sorted = values.ToArray();
            RadixSort.Sort(sorted);
            if (values.Length > 4096)
            {
                Bits(sorted).ShouldBe(Bits(Reference(values)));
            }
            else
            {
                // Up to 4,096 values Array.Sort does it, which leaves −0.0 and 0.0 (equal) in either order.
                sorted.ShouldBe(Reference(values));
            }
        }, iter: 150);
    }

    [Fact]
    public void Kernel_AnyTwoSamples_GivesBitForBitTheFiguresOfThePlainSort()
    {
        Gen.Select(Samples, Samples).Sample((a, b) =>
        {
            var finiteA = a.Where(double.IsFinite).ToArray();
            var finiteB = b.Where(double.IsFinite).ToArray();
            if (finiteA.Length == 0 || finiteB.Length == 0)
            {
                return;
            }

            var plainA = EmpiricalDistribution.FromSorted(Reference(finiteA));
            var plainB = EmpiricalDistribution.FromSorted(Reference(finiteB));
            foreach (var (ka, kb) in new[] { (Kernel(a), Kernel(b)), (EmpiricalDistribution.FromValues(a), EmpiricalDistribution.FromValues(b)) })
            {
                var walk = EcdfWalk.Of(ka, kb);
                var plain = EcdfWalk.Of(plainA, plainB);
                walk.MaxGap.ShouldBe(plain.MaxGap);
                BitConverter.DoubleToInt64Bits(walk.Wasserstein).ShouldBe(BitConverter.DoubleToInt64Bits(plain.Wasserstein));
                BitConverter.DoubleToInt64Bits(ka.Mean()).ShouldBe(BitConverter.DoubleToInt64Bits(plainA.Mean()));
                BitConverter.DoubleToInt64Bits(ka.StandardDeviation()).ShouldBe(BitConverter.DoubleToInt64Bits(plainA.StandardDeviation()));
                var edges = QuantileBins.Edges(plainA, 10);
                QuantileBins.Edges(ka, 10).ShouldBe(edges);
                QuantileBins.Count(kb, edges).ShouldBe(QuantileBins.Count(plainB, edges));
                KolmogorovSmirnov.Test(walk, KsMethod.Auto).PValue.ShouldBe(KolmogorovSmirnov.Test(plain, KsMethod.Auto).PValue);
            }
        }, iter: 60);
    }

    [Fact]
    public void Walk_RawSamplesWithTiesAcrossBoth_EqualsTheWalkOverCounts() =>
        Gen.Select(Gen.Int[-6, 6].Select(i => i * 0.5).Array[1, 60], Gen.Int[-6, 6].Select(i => i * 0.5).Array[1, 60]).Sample((a, b) =>
        {
            var raw = EcdfWalk.Of(EmpiricalDistribution.FromValues(a), EmpiricalDistribution.FromValues(b));
            var counted = EcdfWalk.Of(Counted(a), Counted(b));
            raw.MaxGap.ShouldBe(counted.MaxGap);
            BitConverter.DoubleToInt64Bits(raw.Wasserstein).ShouldBe(BitConverter.DoubleToInt64Bits(counted.Wasserstein));
        }, iter: 20_000);

    [Fact]
    public void TryCount_LargeContinuousSample_IsRefusedFromItsSample()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 2_000_000).Select(_ => random.NextDouble()).ToArray();

        TieCount.TryCount(values).ShouldBeNull();
        TieCount.TryCount([values.AsSpan(0, 700_000).ToArray(), values.AsSpan(700_000).ToArray()], values.Length).ShouldBeNull();
    }

    [Fact]
    public void TryCount_LargeSampleNearTheDistinctLimit_IsStillCounted()
    {
        // 200,000 distinct values in 2,000,000 (the limit is 250,000): the sample repeats enough to try.
        var random = new Random(12);
        var values = Enumerable.Range(0, 2_000_000).Select(_ => (double)random.Next(200_000)).ToArray();

        var counted = TieCount.TryCount(values).ShouldNotBeNull();

        counted.Total.ShouldBe(values.Length);
        counted.Values.Length.ShouldBe(values.Distinct().Count());
    }

    // What the drift comparison does with a whole column: count it when it has many ties, else sort it.
    private static EmpiricalDistribution Kernel(double[] values)
    {
        if (TieCount.TryCount(values) is { } counted)
        {
            return counted;
        }

        return EmpiricalDistribution.FromValues(values);
    }

    private static double[] Reference(double[] values)
    {
        var keys = values.Select(v => Key(BitConverter.DoubleToUInt64Bits(v))).ToArray();
        Array.Sort(keys);
        return [.. keys.Select(k => BitConverter.UInt64BitsToDouble(k ^ ((k >> 63) - 1 | 0x8000_0000_0000_0000UL)))];
    }

    private static ulong Key(ulong bits) => bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    private static EmpiricalDistribution Counted(double[] values)
    {
        var groups = values.GroupBy(v => v).OrderBy(g => g.Key).ToArray();
        return EmpiricalDistribution.FromCounts([.. groups.Select(g => g.Key)], [.. groups.Select(g => (long)g.Count())]);
    }
}
