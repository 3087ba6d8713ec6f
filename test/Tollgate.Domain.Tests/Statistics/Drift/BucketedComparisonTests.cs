using System.Numerics;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class BucketedComparisonTests
{
    public static TheoryData<string, int, int, int> Shapes => new()
    {
        { "normal, no drift", 200_000, 150_000, 1 },
        { "normal, shifted", 120_000, 90_000, 2 },
        { "log-normal, scaled", 100_000, 100_000, 3 },
        { "rounded to 2 decimals, many ties", 100_000, 80_000, 4 },
        { "signed zeros and ties across samples", 70_000, 60_000, 5 },
        { "narrow cluster of timestamps", 90_000, 90_000, 6 },
        { "extremes: huge, tiny, subnormal", 80_000, 70_000, 7 },
        { "very unequal sizes", 100_000, 300, 8 },
        { "identical samples", 80_000, 80_000, 9 },
        { "one value", 70_000, 50_000, 10 },
        { "disjoint", 60_000, 60_000, 11 },
        { "normal, shifted by one σ (few values set aside)", 300_000, 250_000, 12 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Compare_Unsorted_GivesBitForBitTheFiguresOfTheSortedWalk(string shape, int n, int m, int seed)
    {
        var random = new Random(seed);
        var (reference, current) = Samples(shape, n, m, random);

        var bucketed = NumericComparison.Of(EmpiricalDistribution.Unsorted([.. reference], n), EmpiricalDistribution.Unsorted([.. current], m), 10);
        var sorted = NumericComparison.Sorted(EmpiricalDistribution.FromValues(reference), EmpiricalDistribution.FromValues(current), 10);

        bucketed.Walk.MaxGap.ShouldBe(sorted.Walk.MaxGap, shape);
        BitConverter.DoubleToInt64Bits(bucketed.Walk.Wasserstein).ShouldBe(BitConverter.DoubleToInt64Bits(sorted.Walk.Wasserstein), shape);
        bucketed.Edges.ShouldBe(sorted.Edges, shape);
        bucketed.ReferenceBins.ShouldBe(sorted.ReferenceBins, shape);
        bucketed.CurrentBins.ShouldBe(sorted.CurrentBins, shape);
    }

    [Fact]
    public void Compare_InScratchLeftByLargerComparisons_GivesTheFiguresOfTheSortedWalk()
    {
        // One thread, largest first: each comparison works in arrays a larger one of other values has left behind
        // (stale cells, plan, bucket starts and values set aside), then the first shape once more.
        var shapes = Shapes.Select(row => ((string)row[0], (int)row[1], (int)row[2], (int)row[3])).OrderByDescending(s => s.Item2 + s.Item3).ToList();
        shapes.Add(shapes[0]);
        foreach (var (shape, n, m, seed) in shapes)
        {
            var (reference, current) = Samples(shape, n, m, new Random(seed));
            var bucketed = NumericComparison.Of(EmpiricalDistribution.Unsorted([.. reference], n), EmpiricalDistribution.Unsorted([.. current], m), 10);
            var sorted = NumericComparison.Sorted(EmpiricalDistribution.FromValues(reference), EmpiricalDistribution.FromValues(current), 10);
            bucketed.Walk.ShouldBe(sorted.Walk, shape);
            bucketed.Edges.ShouldBe(sorted.Edges, shape);
            bucketed.ReferenceBins.ShouldBe(sorted.ReferenceBins, shape);
            bucketed.CurrentBins.ShouldBe(sorted.CurrentBins, shape);
        }
    }

    [Fact]
    public void Compare_SampleHeldInPieces_GivesTheFiguresOfTheWholeSample()
    {
        // Uneven pieces whose arrays run on past the part handed over (as a column's last chunk does).
        var random = new Random(12);
        var (reference, current) = Samples("log-normal, scaled", 150_000, 120_000, random);
        var pieces = new List<(double[] Array, int Length)>();
        foreach (var (from, to) in new[] { (0, 1), (1, 40_000), (40_000, 40_000), (40_000, 150_000) })
        {
            pieces.Add(([.. reference[from..to], 1e300, -1e300], to - from));
        }

        var held = EmpiricalDistribution.Unsorted(pieces);
        held.Total.ShouldBe(reference.Length);
        var compared = NumericComparison.Of(held, EmpiricalDistribution.Unsorted([.. current], current.Length), 10);
        var sorted = NumericComparison.Sorted(EmpiricalDistribution.FromValues(reference), EmpiricalDistribution.FromValues(current), 10);
        compared.Walk.ShouldBe(sorted.Walk);
        compared.Edges.ShouldBe(sorted.Edges);
        compared.ReferenceBins.ShouldBe(sorted.ReferenceBins);
        compared.CurrentBins.ShouldBe(sorted.CurrentBins);
        held.StandardDeviation().ShouldBe(EmpiricalDistribution.FromValues(reference).StandardDeviation());
        held.Values.ToArray().ShouldBe(reference.Order().ToArray(), "joined and sorted when asked for");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Wasserstein_IsTheExactAreaRoundedOnce(int seed)
    {
        // The area Σ |s|·Δx over the merged values, in rationals, against the walk's figure.
        var random = new Random(seed);
        var reference = Enumerable.Range(0, 3000).Select(_ => Math.Round(Normal(random), random.Next(1, 6))).ToArray();
        var current = Enumerable.Range(0, 2000).Select(_ => Math.Round(Normal(random) + 0.1, random.Next(1, 6)) * 1.5).ToArray();
        long n = reference.Length, m = current.Length;
        var points = reference.Select(x => (x, m)).Concat(current.Select(x => (x, -n))).OrderBy(p => p.x).ToArray();
        BigInteger area = 0;
        long s = 0;
        for (var i = 0; i < points.Length; i++)
        {
            s += points[i].Item2;
            if (i + 1 < points.Length && points[i + 1].x != points[i].x)
            {
                area += Math.Abs(s) * (ExactValues.Scaled(points[i + 1].x) - ExactValues.Scaled(points[i].x));
            }
        }

        var expected = ExactSum.Round(area, new BigInteger(n) * m, -ExactSum.Scale);
        var walk = EcdfWalk.Of(EmpiricalDistribution.FromValues(reference), EmpiricalDistribution.FromValues(current));
        BitConverter.DoubleToInt64Bits(walk.Wasserstein).ShouldBe(BitConverter.DoubleToInt64Bits(expected));
    }

    [Fact]
    public void Moments_AreTheSameForSortedUnsortedAndCounted_AndExact()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 50_000).Select(_ => Math.Round((Normal(random) * 3) + 1e4, 1)).ToArray();
        var unsorted = EmpiricalDistribution.Unsorted([.. values], values.Length);
        var sorted = EmpiricalDistribution.FromValues(values);
        var counted = TieCount.TryCount(values).ShouldNotBeNull();

        // The mean is the exact sum rounded once; the variance the exact sum of the rounded squares (x − mean)².
        BigInteger s = 0, q = 0;
        foreach (var x in values)
        {
            s += ExactValues.Scaled(x);
        }

        var n = new BigInteger(values.Length);
        var mean = ExactSum.Round(s, n, -ExactSum.Scale);
        foreach (var x in values)
        {
            q += ExactValues.Scaled((x - mean) * (x - mean));
        }

        var variance = ExactSum.Round(q, n, -ExactSum.Scale);
        foreach (var d in new[] { unsorted, sorted, counted })
        {
            d.Mean().ShouldBe(mean);
            d.StandardDeviation().ShouldBe(Math.Sqrt(variance));
        }

        // The bucketed comparison sums the reference's moments in its own passes: the same figures.
        var fresh = EmpiricalDistribution.Unsorted([.. values], values.Length);
        var other = EmpiricalDistribution.Unsorted([.. values.Select(x => x + 0.5)], values.Length);
        NumericComparison.Of(fresh, other, 10);
        fresh.Mean().ShouldBe(mean);
        fresh.StandardDeviation().ShouldBe(Math.Sqrt(variance));

        unsorted.IsSorted.ShouldBeFalse("the moments need no sort");
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(1000, -1)]
    [InlineData(1000, 0)]
    [InlineData(1000, 999)]
    [InlineData(1001, 517)]
    [InlineData(3, 1)]
    public void GatherFinite_MovesTheFiniteValuesToTheFrontInOrder(int length, int missingAt)
    {
        var values = Enumerable.Range(0, length).Select(i => i * 1.5).ToArray();
        if (missingAt >= 0)
        {
            values[missingAt] = double.NaN;
            values[length - 1] = double.PositiveInfinity;
        }

        var expected = values.Where(double.IsFinite).ToArray();
        var n = EmpiricalDistribution.GatherFinite(values);
        n.ShouldBe(expected.Length);
        values[..n].ShouldBe(expected);
    }

    private static (double[] Reference, double[] Current) Samples(string shape, int n, int m, Random random)
    {
        double[] Make(int count, Func<double> next) => Enumerable.Range(0, count).Select(_ => next()).ToArray();
        return shape switch
        {
            "normal, shifted" => (Make(n, () => Normal(random)), Make(m, () => Normal(random) + 0.02)),
            "normal, shifted by one σ (few values set aside)" => (Make(n, () => Normal(random)), Make(m, () => Normal(random) + 1)),
            "log-normal, scaled" => (Make(n, () => Math.Exp(Normal(random))), Make(m, () => Math.Exp(Normal(random)) * 1.01)),
            "rounded to 2 decimals, many ties" => (Make(n, () => Math.Round(Normal(random), 2)), Make(m, () => Math.Round(Normal(random), 2))),
            "signed zeros and ties across samples" => (
                Make(n, () => random.Next(4) == 0 ? -0.0 : random.Next(3) == 0 ? 0.0 : Math.Round(Normal(random), 1)),
                Make(m, () => random.Next(3) == 0 ? 0.0 : random.Next(5) == 0 ? -0.0 : Math.Round(Normal(random), 1))),
            "narrow cluster of timestamps" => (Make(n, () => 1.7e9 + (random.NextDouble() * 1000)), Make(m, () => 1.7e9 + (random.NextDouble() * 1001))),
            "extremes: huge, tiny, subnormal" => (Make(n, () => Extreme(random)), Make(m, () => Extreme(random))),
            "identical samples" => Same(Make(n, () => Normal(random))),
            "one value" => (Make(n, () => 3.25), Make(m, () => 3.25)),
            "disjoint" => (Make(n, () => random.NextDouble()), Make(m, () => 2 + random.NextDouble())),
            _ => (Make(n, () => Normal(random)), Make(m, () => Normal(random))),
        };
    }

    private static (double[], double[]) Same(double[] values) => (values, [.. values.Reverse()]);

    private static double Extreme(Random random) => random.Next(5) switch
    {
        0 => Math.ScaleB(random.NextDouble() + 0.5, random.Next(900, 1020)) * (random.Next(2) == 0 ? 1 : -1),
        1 => Math.ScaleB(random.NextDouble() + 0.5, random.Next(-1060, -900)),
        2 => BitConverter.Int64BitsToDouble(random.NextInt64(1, 1L << 40)),
        _ => Normal(random),
    };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
