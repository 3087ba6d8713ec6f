using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class HistogramTests
{
    // 100 observations: 50 ≤ 0.1s, 40 in (0.1, 0.25], 9 in (0.25, 0.5], 1 above 1s.
    private static readonly Histogram Sample = new(
    [
        new(0.1, 50), new(0.25, 90), new(0.5, 99), new(1, 99), new(double.PositiveInfinity, 100),
    ]);

    [Fact]
    public void Quantile_InsideABucket_InterpolatesLikePrometheus()
    {
        // rank 50 is the top of the first bucket; rank 70 is halfway through (0.1, 0.25].
        Sample.Quantile(0.5).ShouldBe(0.1, 1e-12);
        Sample.Quantile(0.7).ShouldBe(0.175, 1e-12);
    }

    [Fact]
    public void Quantile_InTheInfBucket_ReturnsTheLastFiniteBound()
    {
        Sample.Quantile(0.999).ShouldBe(1.0);
    }

    [Fact]
    public void Quantile_NoObservations_IsNaN()
    {
        new Histogram([new(0.1, 0), new(double.PositiveInfinity, 0)]).Quantile(0.99).ShouldBe(double.NaN);
    }

    [Fact]
    public void CountAbove_InsideABucket_Interpolates()
    {
        Sample.CountAbove(0.175).ShouldBe(30, 1e-9);
        Sample.CountAbove(0.1).ShouldBe(50, 1e-9);
        Sample.CountAbove(2).ShouldBe(0);
    }

    [Fact]
    public void QuantileInterval_ManyObservations_BracketsTheEstimateAndNarrowsWithN()
    {
        var small = Scaled(1);
        var large = Scaled(100);
        var (smallLow, smallHigh) = small.QuantileInterval(0.7, 0.95);
        var (largeLow, largeHigh) = large.QuantileInterval(0.7, 0.95);
        smallLow.ShouldBeLessThanOrEqualTo(small.Quantile(0.7));
        smallHigh.ShouldBeGreaterThanOrEqualTo(small.Quantile(0.7));
        (largeHigh - largeLow).ShouldBeLessThan((smallHigh - smallLow) / 5);
    }

    [Fact]
    public void Sum_TwoIntervals_AddsCounts()
    {
        Histogram.Sum(Sample, Sample).Count.ShouldBe(200);
        Histogram.Sum(Sample, Sample).Quantile(0.7).ShouldBe(0.175, 1e-12);
    }

    [Fact]
    public void Constructor_NonMonotonicCounts_MadeMonotonic()
    {
        var h = new Histogram([new(0.1, 10), new(0.2, 9.5), new(double.PositiveInfinity, 12)]);
        h.Buckets[1].CumulativeCount.ShouldBe(10);
    }

    [Fact]
    public void QuantileInterval_RankBeyondTheObservations_IsUnboundedAbove()
    {
        // 200 observations: the p99's upper bound at 99% needs rank binom.ppf(0.995, 200, 0.99) + 1 = 201 (SciPy), beyond
        // them; before, it was clamped to rank 200, the top of the highest non-empty bucket. 600 bound it (528 do).
        var small = new Histogram([new(0.05, 150), new(0.1, 190), new(0.25, 199), new(0.5, 200), new(double.PositiveInfinity, 200)]);
        var large = new Histogram(small.Buckets.Select(b => b with { CumulativeCount = b.CumulativeCount * 3 }));

        small.QuantileInterval(0.99, 0.99).Upper.ShouldBe(double.PositiveInfinity);
        large.QuantileInterval(0.99, 0.99).Upper.ShouldBeLessThanOrEqualTo(0.5);
    }

    [Fact]
    public void OnBounds_SharedBoundsOnly_MergesTheBucketsBetween()
    {
        var merged = Sample.OnBounds([0.1, 0.5]);

        merged.Buckets.Select(b => (b.UpperBound, b.CumulativeCount)).ToArray().ShouldBe(new[] { (0.1, 50.0), (0.5, 99.0), (double.PositiveInfinity, 100.0) });
        merged.Quantile(0.7).ShouldBe(0.1 + 0.4 * 20 / 49, 1e-12);
    }

    private static Histogram Scaled(double factor) =>
        new(Sample.Buckets.Select(b => b with { CumulativeCount = b.CumulativeCount * factor }));
}
