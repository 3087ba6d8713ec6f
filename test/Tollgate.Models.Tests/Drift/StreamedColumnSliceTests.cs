using System.Buffers;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// A numeric column streamed per slice: when the whole column's values hardly repeat, each slice's values are kept as
/// they come (never counted into a table with an entry per value), and when they repeat each slice counts them; either
/// way every slice's sample is exactly its values'.
/// </summary>
public sealed class StreamedColumnSliceTests
{
    private const int Slices = 4;

    [Fact]
    public void Samples_ContinuousValuesInSlices_KeepsEachSliceAndGivesItsExactSample()
    {
        // Three blocks of 200,000 rows: the whole column's first full batch (524,288 values) finds them distinct.
        var random = new Random(7);
        var (column, bySlice) = Feed(() => random.NextDouble() * 1000);

        // Each slice's values kept as they came, 8 bytes a value and at most twice that for the arrays' growth: never a
        // table entry per value (the old path's hash tables).
        var values = bySlice.Skip(1).Sum(v => (long)v.Count);
        column.SliceValueBytes.ShouldBeInRange(8 * values, 16 * values + 8 * 1024 * Slices);
        var samples = column.Samples([600_000, .. bySlice.Skip(1).Select(v => (long)v.Count)], null!, 0).ShouldNotBeNull();

        ShouldBeExactly(samples, bySlice);
    }

    [Fact]
    public void Samples_RepeatedValuesInSlices_CountsEachSliceAndGivesItsExactSample()
    {
        var random = new Random(8);
        var (column, bySlice) = Feed(() => random.Next(100));

        // 600,000 rows of 100 distinct values: past the whole column's first batch the slices count them and hold
        // nothing per row, before any sample is asked for.
        column.SliceValueBytes.ShouldBe(0);
        var samples = column.Samples([600_000, .. bySlice.Skip(1).Select(v => (long)v.Count)], null!, 0).ShouldNotBeNull();

        ShouldBeExactly(samples, bySlice);
    }

    [Fact]
    public void Add_StagedSliceValues_TakesTheirMemoryFromTheAllowanceAndGivesItBackOnceCounted()
    {
        // 3,000 repeated values a block against batches of 4,096: the first block stays staged, the second counts.
        var allowance = new Allowance(long.MaxValue);
        var column = new StreamedColumn("x", text: false, expected: 6_000, allowance: allowance, longest: 4_096);
        var cells = Enumerable.Range(0, 3_000).Select(r => (double)(r % 10)).ToArray();
        using (var grouping = Group(cells.Length))
        {
            column.Add(cells, grouping);
        }

        // Each of the three slices staged its 1,000 values in an array of 1,024: 8 bytes a value, taken.
        column.SliceValueBytes.ShouldBe(3 * 8 * 1_024);
        allowance.Taken.ShouldBe(column.SliceValueBytes);

        using (var grouping = Group(cells.Length))
        {
            column.Add(cells, grouping);
        }

        column.SliceValueBytes.ShouldBe(0);
        allowance.Taken.ShouldBe(0);
        column.Refused.ShouldBeFalse();
        column.Samples([6_000, 2_000, 2_000, 2_000], null!, 0).ShouldNotBeNull()[1].Numbers.ShouldNotBeNull().Total.ShouldBe(2_000);
    }

    [Fact]
    public void Add_StagedSliceValuesPastTheAllowance_RefusesTheColumnAndGivesEverythingBack()
    {
        // The slices' staged arrays need 24 KB; the allowance has 16 KB.
        var allowance = new Allowance(16 * 1_024);
        var column = new StreamedColumn("x", text: false, expected: 3_000, allowance: allowance, longest: 4_096);
        var cells = Enumerable.Range(0, 3_000).Select(r => (double)(r % 10)).ToArray();
        using var grouping = Group(cells.Length);
        column.Add(cells, grouping);

        column.Refused.ShouldBeTrue();
        column.Samples([3_000, 1_000, 1_000, 1_000], null!, 0).ShouldBeNull();
        allowance.Taken.ShouldBe(0);
    }

    // 600,000 rows in three blocks, row r in slice 1 + r % 3 (slice 0 is (all)); one in 50 missing.
    private static (StreamedColumn Column, List<double>[] BySlice) Feed(Func<double> next)
    {
        var column = new StreamedColumn("x", text: false, expected: 600_000);
        var bySlice = Enumerable.Range(0, Slices).Select(_ => new List<double>()).ToArray();
        for (var block = 0; block < 3; block++)
        {
            var cells = new double[200_000];
            for (var r = 0; r < cells.Length; r++)
            {
                cells[r] = r % 50 == 0 ? double.NaN : next();
                if (!double.IsNaN(cells[r]))
                {
                    bySlice[0].Add(cells[r]);
                    bySlice[1 + (r % 3)].Add(cells[r]);
                }
            }

            using var grouping = Group(cells.Length);
            column.Add(cells, grouping);
        }

        return (column, bySlice);
    }

    private static StreamedSlices.Grouping Group(int rows)
    {
        var order = ArrayPool<int>.Shared.Rent(rows);
        var starts = new int[Slices + 1];
        var n = 0;
        for (var s = 1; s < Slices; s++)
        {
            starts[s] = n;
            for (var r = s - 1; r < rows; r += 3)
            {
                order[n++] = r;
            }
        }

        starts[Slices] = n;
        return new StreamedSlices.Grouping(order, starts);
    }

    private static void ShouldBeExactly(FeatureSample[] samples, List<double>[] bySlice)
    {
        samples.Length.ShouldBe(Slices);
        for (var s = 0; s < Slices; s++)
        {
            var expected = EmpiricalDistribution.FromValues([.. bySlice[s]]);
            var actual = samples[s].Numbers.ShouldNotBeNull();
            actual.Total.ShouldBe(expected.Total);
            Expand(actual).ShouldBe(Expand(expected));
            actual.Mean().ShouldBe(expected.Mean());
        }
    }

    private static double[] Expand(EmpiricalDistribution distribution)
    {
        var values = new List<double>();
        for (var i = 0; i < distribution.Values.Length; i++)
        {
            values.AddRange(Enumerable.Repeat(distribution.Values[i], distribution.UnitCounts ? 1 : (int)distribution.Counts[i]));
        }

        return [.. values];
    }

    private sealed class Allowance(long limit) : IKeepAllowance
    {
        public long Taken { get; private set; }

        public bool TryTake(long bytes)
        {
            if (Taken + bytes > limit)
            {
                return false;
            }

            Taken += bytes;
            return true;
        }

        public void Give(long bytes) => Taken -= bytes;
    }
}
