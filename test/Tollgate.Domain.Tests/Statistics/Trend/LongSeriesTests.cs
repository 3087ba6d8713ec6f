using Tollgate.Domain.Statistics.Trend;

namespace Tollgate.Domain.Tests.Statistics.Trend;

/// <summary>
/// Series longer than <see cref="SenSlope.ListedUpTo"/> points: Sen's slope and its interval selected among the pairwise
/// slopes without listing them, Mann-Kendall's S by a merge sort, the hinge fit from suffix sums. Each is held to the
/// listing, sorting and scanning it replaces, computed here on the same series, on shapes a KPI has: noise around a
/// decline, integer counts full of ties, a flat stretch, irregular times. 20,000 points listed took a minute and 70,000
/// ran out of memory.
/// </summary>
public sealed class LongSeriesTests
{
    public static TheoryData<string> Shapes => new() { "noisy decline", "integer counts with ties", "flat then declining", "irregular times" };

    private static (double[] T, double[] X) Series(string shape, int n, int seed)
    {
        var random = new Random(seed);
        var t = new double[n];
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            t[i] = shape == "irregular times" ? (i == 0 ? 0 : t[i - 1] + 0.25 + random.NextDouble()) : i / 24.0;
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            x[i] = shape switch
            {
                "integer counts with ties" => Math.Round(40 - (i * 0.002) + (3 * noise)),
                "flat then declining" => i < n / 2 ? 0.8 : 0.8 - (1e-5 * (i - (n / 2))) + (0.002 * noise),
                _ => 1000 - (0.01 * i) + (5 * noise),
            };
        }

        return (t, x);
    }

    private static List<double> Listed(double[] t, double[] x)
    {
        var slopes = new List<double>(x.Length * (x.Length - 1) / 2);
        for (var i = 0; i < x.Length - 1; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                slopes.Add((x[j] - x[i]) / (t[j] - t[i]));
            }
        }

        slopes.Sort();
        return slopes;
    }

    private static double Nearest(List<double> sorted, double value)
    {
        var at = sorted.BinarySearch(value);
        at = at >= 0 ? at : ~at;
        return new[] { Math.Max(0, at - 1), Math.Min(sorted.Count - 1, at) }.Select(i => sorted[i]).MinBy(v => Math.Abs(v - value));
    }

    private static void Near(double actual, double expected, string what) =>
        Math.Abs(actual - expected).ShouldBeLessThanOrEqualTo(1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R} against {expected:R}");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PairwiseSlopes_EveryRankTried_TheListedSlopeOfThatRank(string shape)
    {
        var (t, x) = Series(shape, 700, seed: 7);
        var listed = Listed(t, x);
        var selected = new PairwiseSlopes(t, x);

        selected.Count.ShouldBe(listed.Count);
        foreach (var k in new long[] { 0, 1, 17, listed.Count / 3, (listed.Count / 2) - 1, listed.Count / 2, listed.Count - 2, listed.Count - 1 })
        {
            // Bracketed from a sample and listed: the sorted slope itself. Bisected over the doubles (where the
            // listing disagrees with the counts): that slope up to the rounding of x − s·t.
            selected.Select(k).ShouldBe(listed[(int)k], $"rank {k}, listed");
            Near(selected.Select(k, listUpTo: 0), listed[(int)k], $"rank {k}, bisected");
        }
    }

    [Fact]
    public void CrossingSlopes_BetweenTwoValues_EverySlopeInThatIntervalOnce()
    {
        var (t, x) = Series("integer counts with ties", 400, seed: 3);
        var listed = Listed(t, x);
        var (lo, hi) = (listed[listed.Count / 3], listed[listed.Count / 2]);

        var between = CrossingSlopes.Between(t, x, lo, hi).Order().ToList();

        between.ShouldBe(listed.Where(s => s > lo && s <= hi).ToList());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SenSlope_AboveTheListingLimit_AsTheListedSlopesGiveIt(string shape)
    {
        var (t, x) = Series(shape, SenSlope.ListedUpTo + 500, seed: 11);
        var listed = Listed(t, x);
        var c = listed.Count;

        var sen = SenSlope.Estimate(t, x);

        Near(sen.Slope, c % 2 == 1 ? listed[c / 2] : (listed[(c / 2) - 1] + listed[c / 2]) / 2, "slope");
        sen.Low.ShouldBeLessThan(sen.Slope);
        sen.High.ShouldBeGreaterThan(sen.Slope);
        Near(sen.Low, Nearest(listed, sen.Low), "low, one of the slopes");
        Near(sen.High, Nearest(listed, sen.High), "high, one of the slopes");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MannKendall_AboveTheListingLimit_SIsConcordantLessDiscordant(string shape)
    {
        var (_, x) = Series(shape, SenSlope.ListedUpTo + 333, seed: 13);
        double s = 0;
        for (var i = 0; i < x.Length - 1; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                s += Math.Sign(x[j] - x[i]);
            }
        }

        MannKendall.Original(x).S.ShouldBe(s);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void HingeOnset_AboveTheListingLimit_TheScannedBestFit(string shape)
    {
        var (t, x) = Series(shape, SenSlope.ListedUpTo + 100, seed: 17);
        var errors = Enumerable.Range(0, x.Length - 2).Select(k => HingeError(t, x, t[k])).ToArray();
        var best = Array.IndexOf(errors, errors.Min());

        var found = HingeOnset.Estimate(t, x);

        (errors[found] - errors[best]).ShouldBeLessThanOrEqualTo(1e-9 * errors[best], $"τ index {found} against {best}");
    }

    [Fact]
    public void YearOfMinutes_ExactLineAndItsMannKendall_WithinSeconds()
    {
        // 525,600 points: 1.4 × 10¹¹ pairwise slopes, which no listing holds.
        const int n = 525_600;
        var x = Enumerable.Range(0, n).Select(i => 500 - (0.25 * i)).ToArray();

        var sen = SenSlope.Estimate(x);
        var mk = MannKendall.Original(x);

        (sen.Slope, sen.Low, sen.High).ShouldBe((-0.25, -0.25, -0.25));
        mk.S.ShouldBe(-(double)n * (n - 1) / 2);
    }

    private static double HingeError(double[] t, double[] x, double tau)
    {
        var h = t.Select(v => Math.Max(0, v - tau)).ToArray();
        var (hm, xm) = (h.Average(), x.Average());
        var shh = h.Sum(v => (v - hm) * (v - hm));
        var shx = h.Select((v, i) => (v - hm) * (x[i] - xm)).Sum();
        var b = shh > 0 ? shx / shh : 0;
        return x.Select((v, i) => v - xm - (b * (h[i] - hm))).Sum(r => r * r);
    }
}
