using CsCheck;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class BinomialTests
{
    [Fact]
    public void TestsAndIntervals_SciPyVectors_Match()
    {
        var rows = SciPyVectors.Rows("binomial");
        foreach (var row in rows.GetProperty("tests").EnumerateArray())
        {
            var k = (long)row.Number("k");
            var n = (long)row.Number("n");
            var p = row.Number("p");
            SciPyVectors.Close(Binomial.Cdf(k, n, p), row.Number("cdf"), 1e-9).ShouldBeTrue($"cdf {row}");
            SciPyVectors.Close(Binomial.TestGreater(k, n, p), row.Number("greater"), 1e-9).ShouldBeTrue($"greater {row}");
            var (low, high) = Binomial.ClopperPearson(k, n, 0.95);
            SciPyVectors.Close(low, row.Number("ciLow"), 1e-8).ShouldBeTrue($"ciLow {row}: {low:R}");
            SciPyVectors.Close(high, row.Number("ciHigh"), 1e-8).ShouldBeTrue($"ciHigh {row}: {high:R}");
        }
    }

    [Fact]
    public void Quantile_SciPyVectors_Match()
    {
        foreach (var row in SciPyVectors.Rows("binomial").GetProperty("ppf").EnumerateArray())
        {
            Binomial.Quantile(row.Number("q"), (long)row.Number("n"), row.Number("p")).ShouldBe((long)row.Number("expected"), row.ToString());
        }
    }

    [Fact]
    public void TestGreater_AnyCounts_PValueIsAProbability()
    {
        Gen.Select(Gen.Int[0, 500], Gen.Int[1, 500], Gen.Double[0.001, 0.999])
            .Sample((k, n, p) =>
            {
                var pValue = Binomial.TestGreater(Math.Min(k, n), n, p);
                return pValue is >= 0 and <= 1;
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }
}
