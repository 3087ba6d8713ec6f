using CsCheck;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class MannWhitneyTests
{
    [Fact]
    public void TestGreater_SciPyVectors_Match()
    {
        foreach (var row in SciPyVectors.Rows("mann_whitney").EnumerateArray())
        {
            var (u, p) = MannWhitney.TestGreater(row.Numbers("x"), row.Numbers("y"));
            u.ShouldBe(row.Number("u"), 1e-9, row.GetProperty("name").GetString());
            SciPyVectors.Close(p, row.Number("p"), 1e-10).ShouldBeTrue($"{row.GetProperty("name").GetString()}: {p:R} vs {row.Number("p"):R}");
        }
    }

    [Fact]
    public void HodgesLehmann_SciPyVectors_Match()
    {
        foreach (var row in SciPyVectors.Rows("mann_whitney").EnumerateArray())
        {
            var (estimate, low, high) = HodgesLehmann.Shift(row.Numbers("x"), row.Numbers("y"), 0.95);
            estimate.ShouldBe(row.Number("hl"), 1e-9);
            low.ShouldBe(row.Number("hlLow"), 1e-9);
            high.ShouldBe(row.Number("hlHigh"), 1e-9);
        }
    }

    [Fact]
    public void TestGreater_IdenticalSamples_NeverSignificant()
    {
        Gen.Double[0, 10].Array[2, 200].Sample(sample => MannWhitney.TestGreater(sample, sample).PValue >= 0.4, iter: 300);
    }

    [Fact]
    public void TestGreater_AnySamples_PValueIsAProbabilityAndSwapFlipsDirection()
    {
        Gen.Select(Gen.Double[0, 10].Array[1, 60], Gen.Double[0, 10].Array[1, 60])
            .Sample((x, y) =>
            {
                var forward = MannWhitney.TestGreater(x, y).PValue;
                var backward = MannWhitney.TestGreater(y, x).PValue;
                // One direction can be significant, never both.
                return forward is >= 0 and <= 1 && backward is >= 0 and <= 1 && !(forward < 0.05 && backward < 0.05);
            }, iter: 500);
    }

    [Fact]
    public void Select_AnySamples_MatchesSortingAllDifferences()
    {
        Gen.Select(Gen.Int[0, 20].Select(v => v / 4.0).Array[1, 40], Gen.Int[0, 20].Select(v => v / 4.0).Array[1, 40], Gen.Double[0, 1])
            .Sample((x, y, q) =>
            {
                var all = x.SelectMany(a => y.Select(b => a - b)).Order().ToArray();
                var k = Math.Clamp((long)(q * all.Length) + 1, 1, all.Length);
                return HodgesLehmann.Select(x.Order().ToArray(), y.Order().ToArray(), k, budget: 3) == all[k - 1];
            }, iter: 500);
    }

    [Fact]
    public void Shift_LargeSamples_FindsTheShiftWithoutFormingAllPairs()
    {
        var random = new Random(7);
        var baseline = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();
        var canary = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() + 0.25).ToArray();
        var (estimate, low, high) = HodgesLehmann.Shift(canary, baseline, 0.95);
        estimate.ShouldBe(0.25, 0.02);
        low.ShouldBeLessThan(estimate);
        high.ShouldBeGreaterThan(estimate);
    }
}
