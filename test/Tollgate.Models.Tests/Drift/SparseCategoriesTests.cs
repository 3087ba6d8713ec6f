using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// Rare categories pooled before the chi-square (<see cref="SparseCategories"/>), Fisher's exact test of a pool
/// still too rare and of rare categories one by one (Tarone's rule), against SciPy 1.10.1's <c>scipy.stats.fisher_exact</c> (two-sided) on the table
/// [[x, m − x], [column − x, n − column + x]].
/// </summary>
public sealed class SparseCategoriesTests
{
    [Theory]
    [InlineData(5, 5, 5000, 100, 2.6236455696458137e-09)] // a category new in a window of 100: five rows, none of 5,000 before
    [InlineData(3, 10, 5000, 100, 0.0007943125604497053)]
    [InlineData(0, 40, 5000, 1000, 0.0010295756256547919)] // gone from the current window
    [InlineData(12, 40, 5000, 1000, 0.03173279957145814)]
    [InlineData(2, 7, 20, 30, 0.10031956942225213)]
    public void FisherTwoSided_MatchesSciPy(long x, long column, long n, long m, double expected) =>
        SparseCategories.FisherTwoSided(x, column, n, m).ShouldBe(expected, expected * 1e-9);

    [Fact]
    public void Test_EveryColumnCommon_IsPearsonsChiSquareAsBefore()
    {
        long[] reference = [2000, 1500, 1000, 500], current = [40, 30, 20, 10];

        var test = SparseCategories.Test(reference, current);

        test.Pooled.ShouldBe(0);
        test.Exact.ShouldBeFalse();
        (test.Statistic, test.PValue).ShouldBe(ChiSquared.Contingency(reference, current));
        test.Reference.ShouldBe(reference);
    }

    [Fact]
    public void Test_RareColumns_PooledIntoTheLastColumnBeforeTheChiSquare()
    {
        // 910 current rows of 5,460: the current (the smaller side) expects a sixth of a column's total; under 30, rare.
        long[] reference = [3000, 1500, 10, 9, 8, 7, 6, 5, 4, 1], current = [600, 300, 2, 2, 1, 2, 1, 1, 1, 0];

        var test = SparseCategories.Test(reference, current);

        test.Pooled.ShouldBe(8);
        test.Reference.ShouldBe([3000, 1500, 50]);
        test.Current.ShouldBe([600, 300, 10]);
        test.Exact.ShouldBeFalse("the pool of 60 is expected 10 times in the current");
        var table = ChiSquared.Contingency([3000, 1500, 50], [600, 300, 10]);
        test.Statistic.ShouldBe(table.Statistic);
        // Beside the table, the rare ones one by one (Tarone: those with a total of 5 or more could reach 0.05/K).
        test.Rare.ShouldNotBeNull();
        test.RareDecided.ShouldBeFalse("nothing moved: the table's chi-square gives the smaller part");
        test.PValue.ShouldBe(Math.Min(1, Math.Min(table.PValue / SparseCategories.TableWeight, test.Rare.PValue / (1 - SparseCategories.TableWeight))));
    }

    [Fact]
    public void Test_PoolStillRare_ChiSquareOfTheCommonOnesAndFishersTestOfThePool()
    {
        // A category the reference never had: five of 100 current rows.
        long[] reference = [2000, 1500, 1000, 500, 0], current = [38, 28, 19, 10, 5];

        var test = SparseCategories.Test(reference, current);

        test.Pooled.ShouldBe(1);
        test.Exact.ShouldBeTrue();
        test.Rare.ShouldBeNull("one rare category is the pool Fisher's test judges");
        var common = ChiSquared.Contingency(reference.AsSpan(0, 4), current.AsSpan(0, 4));
        test.Statistic.ShouldBe(common.Statistic);
        test.PValue.ShouldBe(Math.Min(1, Math.Min(common.PValue / SparseCategories.TableWeight, SparseCategories.FisherTwoSided(5, 5, 5000, 100) / (1 - SparseCategories.TableWeight))));
        test.PValue.ShouldBeLessThan(1e-7);
    }

    [Fact]
    public void Test_NewCategoryInALongTail_TestedOnItsOwnAndSetApart()
    {
        // Three common categories, a tail of 40 seen ten times each in 4,900 reference rows, and in 100 current rows a
        // category the reference never had, five times. The pool (410 rows, expected 8.2 times) is common: pooled, the
        // new category is five rows among ten and the table's chi-square barely moves.
        long[] reference = [2000, 1500, 1000, .. Enumerable.Repeat(10L, 40), 0];
        long[] current = [40, 30, 20, .. Enumerable.Repeat(1L, 5), .. Enumerable.Repeat(0L, 35), 5];

        var test = SparseCategories.Test(reference, current);

        test.Rare.ShouldNotBeNull();
        test.Rare.Category.ShouldBe(43);
        (test.Rare.Reference, test.Rare.Current, test.Rare.Tests).ShouldBe((0L, 5L, 41));
        // SciPy 1.10.1: fisher_exact([[5, 95], [0, 4900]]) = 2.896830374344786e-09; ×41 / 0.2 = 5.938502267406811e-07.
        test.Rare.Unadjusted.ShouldBe(2.896830374344786e-09, 1e-18);
        test.PValue.ShouldBe(5.938502267406811e-07, 1e-15);
        test.RareDecided.ShouldBeTrue();
        test.Reference.ShouldBe([2000, 1500, 1000, 0, 400]);
        test.Current.ShouldBe([40, 30, 20, 5, 5]);
        test.Pooled.ShouldBe(40);
    }

    [Fact]
    public void LeastAttainable_TheExtremeCountsPValue()
    {
        // SciPy 1.10.1: fisher_exact([[10, 90], [0, 4900]]) = 6.490511885024014e-18 (all ten in the 100-row window).
        SparseCategories.LeastAttainable(10, 4900, 100).ShouldBe(6.490511885024014e-18, 1e-27);
        // A category seen once can do no better than its one row in the smaller window: 100/5,000.
        SparseCategories.LeastAttainable(1, 4900, 100).ShouldBe(0.02, 1e-12);
    }

    [Fact]
    public void Test_NoColumnCommonEnough_IsUntestable()
    {
        // An identifier: every value once.
        var reference = Enumerable.Repeat(1L, 500).Concat(Enumerable.Repeat(0L, 500)).ToArray();
        var current = Enumerable.Repeat(0L, 500).Concat(Enumerable.Repeat(1L, 500)).ToArray();

        SparseCategories.Test(reference, current).Untestable.ShouldBeTrue();
    }
}
