using System.Diagnostics;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>
/// A server's burst of first judgements (64 Argo analyses at a fresh start) asks for the same look table at once: each
/// column it reads is computed once, on a caller's thread, and every caller has its answer without waiting for the
/// thread pool to grow.
/// </summary>
public sealed class GroupSequentialBurstTests
{
    // No other test of this process asks for 17 looks, so the first of these calls is the first for the table.
    private const int Looks = 17;

    private const int Callers = 64;

    [Fact]
    public async Task LookAdjustedPValue_SixtyFourFirstCallersAtOnce_EachColumnComputedOnceAndNoneStalls()
    {
        var clock = Stopwatch.StartNew();

        // Each caller blocks a thread-pool thread, as a request thread of the server does.
        var adjusted = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() => i % 2 == 0
            ? GroupSequential.LookAdjustedPValue(1e-4, Looks, Looks)
            : GroupSequential.NominalLevel(0.01, Looks, Looks))));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        // A nominal level reads 2 of the 82 columns, a look-adjusted p-value about 7: at most 9, each computed once.
        SpendingTable.Computations(Looks).Length.ShouldBeInRange(2, 9);
        SpendingTable.Computations(Looks).ShouldAllBe(n => n == 1);
        adjusted.Where((_, i) => i % 2 == 0).Distinct().ShouldHaveSingleItem().ShouldBeInRange(1e-4, 1e-3);
        adjusted.Where((_, i) => i % 2 == 1).Distinct().ShouldHaveSingleItem().ShouldBeInRange(0.005, 0.01);
    }
}
