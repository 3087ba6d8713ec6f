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
        // Timed against the plain recursion on the same thread, interleaved, best of three, in the CPU time this thread
        // spent (Linux's /proc/thread-self/stat): wall time under a full test run's load measured 0.85 where the CPU time
        // is under half, as the machine's other work is not this thread's. The bound is three quarters.
        SpendingRecursion.NominalLevels(0.01, 20);
        PlainBisectionLevels.NominalLevels(0.01, 20);
        var fast = TimeSpan.MaxValue;
        var plain = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var start = ThreadCpuTime();
            SpendingRecursion.NominalLevels(0.01, 1000);
            var middle = ThreadCpuTime();
            PlainBisectionLevels.NominalLevels(0.01, 1000);
            var end = ThreadCpuTime();
            fast = TimeSpan.FromTicks(Math.Min(fast.Ticks, (middle - start).Ticks));
            plain = TimeSpan.FromTicks(Math.Min(plain.Ticks, (end - middle).Ticks));
        }

        fast.ShouldBeLessThan(plain * 3 / 4, $"fast {fast.TotalMilliseconds} ms, plain {plain.TotalMilliseconds} ms");
    }

    /// <summary>The CPU time (user and system) the calling thread has used, in Linux's clock ticks of 10 ms.</summary>
    private static TimeSpan ThreadCpuTime()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        // Fields after the command name in parentheses: state is the first, utime the twelfth, stime the thirteenth.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
