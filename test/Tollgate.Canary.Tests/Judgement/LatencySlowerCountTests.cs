using Tollgate.Canary.Judgement;
using Tollgate.Domain.Statistics;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>The count of canary requests slower than the threshold: interpolated inside the bucket at every step, summed, rounded once.</summary>
public sealed class LatencySlowerCountTests
{
    [Theory]
    [InlineData(0.26, 96)] // Before: each step's 9.6 rounded up to the whole bucket, 100.
    [InlineData(0.49, 4)] // Before: each step's 0.4 rounded down to none, 0.
    public void Judge_ThresholdInsideABucket_CountsTheInterpolatedSumRoundedOnce(double maxValue, long slower)
    {
        var spec = JudgeSpec("""
              - name: latency-p99
                type: latency
                quantile: 0.99
                buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
                maxValue: MAXVALUE
            """.Replace("MAXVALUE", maxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        // Every step: 990 requests within 250 ms, 10 between 250 and 500 ms (10 × 9.6 above 260 ms, 10 × 0.4 above 490 ms).
        var o = new SliceObservation(Tenant("a"), spec.Metrics[0], Steps(), Steps());

        var slo = CanaryJudge.Judge(spec, [o], null, []).Checks.Single(c => c.Rule == "slo");

        slo.CanaryEvents.ShouldBe(slower);
        slo.CanaryCount.ShouldBe(10_000);
    }

    private static GroupObservation Steps()
    {
        var group = new GroupObservation(10) { Present = true };
        for (var t = 0; t < 10; t++)
        {
            group.Histograms[t] = new Histogram([new HistogramBucket(0.25, 990), new HistogramBucket(0.5, 1000), new HistogramBucket(1, 1000), new HistogramBucket(double.PositiveInfinity, 1000)]);
            group.Totals[t] = 1000;
        }

        return group;
    }
}
