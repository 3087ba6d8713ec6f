using CsCheck;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class MultipleTestingTests
{
    [Fact]
    public void HolmAndBh_SciPyVectors_Match()
    {
        foreach (var row in SciPyVectors.Rows("multiple_testing").EnumerateArray())
        {
            var p = row.Numbers("p");
            MultipleTesting.Holm(p).Zip(row.Numbers("holm")).ShouldAllBe(t => Math.Abs(t.First - t.Second) < 1e-12);
            MultipleTesting.BenjaminiHochberg(p).Zip(row.Numbers("bh")).ShouldAllBe(t => Math.Abs(t.First - t.Second) < 1e-12);
        }
    }

    [Fact]
    public void Holm_OneStrongSliceOfTwenty_StaysSignificant()
    {
        var p = Enumerable.Repeat(0.4, 19).Prepend(1e-5).ToArray();
        MultipleTesting.Holm(p)[0].ShouldBeLessThan(0.05);
        MultipleTesting.Holm(p).Skip(1).ShouldAllBe(x => x >= 0.4);
    }

    [Fact]
    public void Adjusted_AnyFamily_AtLeastRawAndAtMostOne()
    {
        Gen.Double[0, 1].Array[1, 50].Sample(p =>
        {
            var holm = MultipleTesting.Holm(p);
            var bh = MultipleTesting.BenjaminiHochberg(p);
            return p.Select((raw, i) => holm[i] >= raw && bh[i] >= raw && holm[i] <= 1 && bh[i] <= 1 && bh[i] <= holm[i] + 1e-15).All(x => x);
        }, iter: 500);
    }
}
