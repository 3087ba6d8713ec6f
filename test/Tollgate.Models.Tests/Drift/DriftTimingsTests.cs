using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

public sealed class DriftTimingsTests
{
    [Fact]
    public async Task EvidenceAsync_WithTimings_CountsEveryNumericValueAndSplitsTheStatisticsFromTheWhole()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 3000, 2);
        var timings = new DriftTimings();
        var request = new DriftRequest([reference], current) { Timings = timings };

        var evidence = await DriftGate.EvidenceAsync(request);
        var untimed = await DriftGate.EvidenceAsync(request with { Timings = null });

        evidence.Findings.ShouldBe(untimed.Findings);
        timings.Values.ShouldBe(2 * (5000 + 3000)); // age and income, both tables; plan is text
        timings.TotalWall.ShouldBeGreaterThan(TimeSpan.Zero);
        if (OperatingSystem.IsLinux())
        {
            timings.ComputeCpu.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
            timings.ComputeCpu!.Value.ShouldBeLessThanOrEqualTo(timings.TotalCpu + TimeSpan.FromMilliseconds(20));
        }

        timings.Describe().ShouldStartWith("timings: 16,000 values; statistics once read: ");
    }

    [Fact]
    public void Keep_CopyingValuesIntoTheirColumn_CountsTheValuesAndItsCpuAsReading()
    {
        var timings = new DriftTimings();
        using (timings.Keep(100))
        {
            Spin();
        }

        using (timings.Measure(50))
        {
        }

        timings.Values.ShouldBe(150);
        if (OperatingSystem.IsLinux())
        {
            timings.KeepCpu.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromMilliseconds(5));
            timings.ComputeCpu.ShouldNotBeNull().ShouldBeLessThan(timings.KeepCpu!.Value);
            timings.Whole(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            // The spin's CPU time, however long a loaded machine or a Debug build takes over it.
            timings.Describe().ShouldMatch(@"\(of which copying values read into the columns that keep them [0-9]+\.[0-9]{2} s\)");
        }
    }

    [Fact]
    public void Keep_InsideAMeasuredSection_IsLeftOutOfTheStatistics()
    {
        // Counting that turns to keeping (a tally's first batch written to the memory that keeps it): the writing is
        // reading, the rest of the section statistics, and nothing is counted twice.
        var timings = new DriftTimings();
        using (timings.Measure(10))
        {
            using (timings.Keep(0))
            {
                Spin();
                using (timings.Keep(0))
                {
                    Spin();
                }
            }
        }

        timings.Values.ShouldBe(10);
        if (OperatingSystem.IsLinux())
        {
            timings.KeepCpu.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromMilliseconds(10));
            timings.ComputeCpu.ShouldNotBeNull().ShouldBeLessThan(timings.KeepCpu!.Value / 4);
            timings.ComputeWall.ShouldBeLessThan(timings.KeepCpu!.Value);
        }
    }

    [Fact]
    public void Add_FirstBatchKeptFromTheStart_IsTimedAsKeeping()
    {
        // A column whose first batch hardly repeats writes it to its kept memory inside the counting section that
        // StreamedDrift opens around the block: that writing goes to keeping, once, and the counting keeps the rest.
        var random = new Random(3);
        var values = Enumerable.Range(0, Domain.Statistics.Drift.ValueTally.Batch).Select(_ => random.NextDouble()).ToArray();
        var keeps = 0;
        var hooked = new DriftTimings();
        var tally = new Domain.Statistics.Drift.ValueTally(values.Length) { KeepTimer = () => { keeps++; return hooked.Keep(0); } };
        tally.Add(values);
        keeps.ShouldBe(1);
        tally.Keeping.ShouldBeTrue();

        var timings = new DriftTimings();
        var column = new StreamedColumn("x", text: false, expected: 0, timings);
        using (timings.Measure(values.Length))
        {
            column.Add(values, null);
        }

        column.Keeps.ShouldBeTrue();
        timings.Values.ShouldBe(values.Length);
        if (OperatingSystem.IsLinux())
        {
            timings.KeepCpu.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero, "the column's tallies report their keeping");
        }
    }

    // Busy for some tens of milliseconds of CPU.
    private static void Spin()
    {
        var x = 1.0;
        for (var i = 0; i < 30_000_000; i++)
        {
            x = Math.Sqrt(x + i);
        }

        GC.KeepAlive(x);
    }
}
