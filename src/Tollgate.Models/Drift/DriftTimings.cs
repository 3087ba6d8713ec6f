using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Tollgate.Models.Drift;

/// <summary>
/// Where a table comparison's time goes (<c>tollgate model drift --timings</c>): the statistics once the columns are
/// in memory (split into slices, counted or sorted, KS, bins, W1; measured as the CPU time of the threads doing it,
/// so other processes on the machine do not inflate it) against the whole comparison (reading, the input digest that
/// runs beside it, and the rest). Safe to fill from several threads.
/// </summary>
public sealed class DriftTimings
{
    private long computeCpuTicks;
    private long computeWallTicks;
    private long keepCpuTicks;
    private long values;

    /// <summary>CPU time of the statistics on columns already read (null where the platform gives no per-thread CPU time).</summary>
    public TimeSpan? ComputeCpu => ThreadCpu.Available ? TimeSpan.FromTicks(Interlocked.Read(ref computeCpuTicks)) : null;

    /// <summary>CPU time of copying values read from a CSV block into the column that holds them (part of the reading).</summary>
    public TimeSpan? KeepCpu => ThreadCpu.Available ? TimeSpan.FromTicks(Interlocked.Read(ref keepCpuTicks)) : null;

    /// <summary>Wall time of the same sections, summed over the threads that ran them.</summary>
    public TimeSpan ComputeWall => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref computeWallTicks));

    /// <summary>Values handed to the statistics: rows of each numeric column compared, reference and current.</summary>
    public long Values => Interlocked.Read(ref values);

    /// <summary>
    /// Rounds of reading the CSV files: one, unless the values of columns with few ties would not fit the memory
    /// budget, and columns were read again.
    /// </summary>
    public int Rounds => rounds;

    private int rounds;

    public TimeSpan TotalWall { get; private set; }

    public TimeSpan TotalCpu { get; private set; }

    /// <summary>Starts a section of statistics on the calling thread; <see cref="Section.Dispose"/> adds it.</summary>
    public Section Measure(long count) => Start(count, keeping: false);

    /// <summary>
    /// Starts copying <paramref name="count"/> values just parsed into the column that keeps them: reading, as a
    /// Parquet column filling its buffer is, so its CPU time is told apart from the statistics'. The values count
    /// as handed to the statistics.
    /// </summary>
    /// <remarks>
    /// Sections nest: one started inside another on the same thread (values written to a column's kept memory while
    /// its tally is being counted) counts its time for itself, and the outer one leaves it out.
    /// </remarks>
    public Section Keep(long count) => Start(count, keeping: true);

    // CPU and wall ticks of the sections that ended on this thread, inner ones included once: what a section still
    // open subtracts when inner sections ended inside it.
    [ThreadStatic]
    private static long endedCpu;

    [ThreadStatic]
    private static long endedWall;

    private Section Start(long count, bool keeping) => new(this, count, ThreadCpu.Now(), Stopwatch.GetTimestamp(), keeping, endedCpu, endedWall);

    /// <summary>Records a round of reading CSV files.</summary>
    public void Round() => Interlocked.Increment(ref rounds);

    /// <summary>Records the whole comparison: its wall time and the process's CPU time over it.</summary>
    public void Whole(TimeSpan wall, TimeSpan cpu)
    {
        TotalWall = wall;
        TotalCpu = cpu;
    }

    /// <summary>One line for standard error.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var compute = ComputeCpu is { } cpu
            ? string.Format(c, "{0:F2} s CPU ({1:F2} s wall summed over threads), {2:F1} M values per CPU-second", cpu.TotalSeconds, ComputeWall.TotalSeconds, Values / Math.Max(cpu.TotalSeconds, 1e-9) / 1e6)
            : string.Format(c, "{0:F2} s wall summed over threads (no per-thread CPU time here)", ComputeWall.TotalSeconds);
        var kept = KeepCpu is { Ticks: > 0 } keep ? string.Format(c, " (of which copying values read into the columns that keep them {0:F2} s)", keep.TotalSeconds) : "";
        var rest = ComputeCpu is { } used ? string.Format(c, "; reading, digest and the rest {0:F2} s CPU{1}", (TotalCpu - used).TotalSeconds, kept) : "";
        var read = rounds > 1 ? string.Format(c, "; the files read in {0} rounds, to keep values within memory", rounds) : "";
        return string.Format(c, "timings: {0:N0} values; statistics once read: {1}; whole comparison {2:F2} s wall, {3:F2} s CPU{4}{5}", Values, compute, TotalWall.TotalSeconds, TotalCpu.TotalSeconds, rest, read);
    }

    public readonly struct Section(DriftTimings owner, long count, long cpu, long wall, bool keeping, long endedCpuAtStart, long endedWallAtStart) : IDisposable
    {
        public void Dispose()
        {
            var (cpuNow, wallNow) = (ThreadCpu.Now(), Stopwatch.GetTimestamp());
            var (ownCpu, ownWall) = (cpuNow - cpu - (endedCpu - endedCpuAtStart), wallNow - wall - (endedWall - endedWallAtStart));
            if (keeping)
            {
                Interlocked.Add(ref owner.keepCpuTicks, ownCpu);
            }
            else
            {
                Interlocked.Add(ref owner.computeCpuTicks, ownCpu);
                Interlocked.Add(ref owner.computeWallTicks, ownWall);
            }

            (endedCpu, endedWall) = (endedCpuAtStart + cpuNow - cpu, endedWallAtStart + wallNow - wall);
            Interlocked.Add(ref owner.values, count);
        }
    }

    // CPU time of the calling thread (clock_gettime with CLOCK_THREAD_CPUTIME_ID), in ticks; 0 off Linux.
    private static class ThreadCpu
    {
        public static readonly bool Available = OperatingSystem.IsLinux();

        public static long Now()
        {
            if (!Available || ClockGetTime(3, out var time) != 0)
            {
                return 0;
            }

            return (time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100);
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int ClockGetTime(int clock, out TimeSpec time);
    }
}
