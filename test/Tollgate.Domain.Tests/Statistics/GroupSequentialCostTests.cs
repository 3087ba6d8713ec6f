using System.Diagnostics;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class GroupSequentialCostTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(23)]
    [InlineData(GroupSequential.CoarseGridLooks)]
    public void NominalLevels_UpToThirtyLooks_SameAsPlainBisection(int looks)
    {
        // Up to 30 looks the levels are the 81-point grid's, to the bit as before (every bit compared); beyond,
        // GroupSequentialManyLooksTests.
        double[] alphas = [1e-20, 1e-9, 1e-4, 1e-3, 0.025, 0.05, 0.2, 0.5];
        foreach (var alpha in alphas)
        {
            var expected = PlainBisectionLevels.NominalLevels(alpha, looks);
            var actual = GroupSequential.NominalLevels(alpha, looks);
            for (var k = 0; k < looks; k++)
            {
                BitConverter.DoubleToInt64Bits(actual[k]).ShouldBe(BitConverter.DoubleToInt64Bits(expected[k]), $"α {alpha}, look {k + 1} of {looks}: {actual[k]:R} against {expected[k]:R}");
            }
        }
    }

    [Fact]
    public void SpendingRecursion_ThousandLooks_AFractionOfThePlainBisectionsTime()
    {
        // The 81-point recursion itself, timed where its shortcuts pay off; the levels use it up to 30 looks only.
        // Timed against the plain recursion on the same machine, interleaved, best of three: the ratio holds under load
        // where a bound in seconds would not (about a fifth of the CPU time for 1,000 looks when the density update also
        // skipped the terms that change no bit; that is gone, as the plain sum is faster up to 30 looks: under half on a
        // quiet machine, 0.55 measured under a full test run's load, so the bound is three quarters).
        SpendingRecursion.NominalLevels(0.01, 20);
        PlainBisectionLevels.NominalLevels(0.01, 20);
        var fast = TimeSpan.MaxValue;
        var plain = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            SpendingRecursion.NominalLevels(0.01, 1000);
            fast = TimeSpan.FromTicks(Math.Min(fast.Ticks, watch.Elapsed.Ticks));
            watch.Restart();
            PlainBisectionLevels.NominalLevels(0.01, 1000);
            plain = TimeSpan.FromTicks(Math.Min(plain.Ticks, watch.Elapsed.Ticks));
        }

        fast.ShouldBeLessThan(plain * 3 / 4, $"fast {fast.TotalMilliseconds} ms, plain {plain.TotalMilliseconds} ms");
    }
}
