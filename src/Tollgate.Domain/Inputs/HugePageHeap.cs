using System.Globalization;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// Backs the garbage-collected heap with transparent huge pages (Linux) before a large input file is
/// read (a configuration, DOT graph or plan). Reading 100,000 blocks touches about 250 MB of fresh memory; with 4 KB pages that is 60,000 page faults, which on
/// a virtual machine cost as much CPU as the parsing itself. The kernel gives a 2 MB page only to a writable range
/// marked <c>MADV_HUGEPAGE</c> whose 2 MB block is writable as a whole when first touched, and the GC commits its
/// reservation 64 KB at a time; so the next <see cref="Span"/> bytes of the GC's reservation, above the object just
/// allocated, are made writable and marked at once (a commit of its own changes nothing, and untouched pages cost no
/// memory). The reservation is recognised as one run of anonymous mappings, writable or not, at least
/// <see cref="MinimumReservation"/> long; anything else (another OS, a small heap limit, THP disabled) leaves the heap
/// as it is. Results do not depend on it: only the page size the kernel maps differs.
/// </summary>
public static class HugePageHeap
{
    /// <summary>How much of the reservation is prepared: the largest heaps of a graph run stay well below it.</summary>
    public const long Span = 1L << 30;

    /// <summary>The GC reserves far more than this (twice the memory, or 256 GB); no other mapping run is as long.</summary>
    public const long MinimumReservation = 4L << 30;

    private const long HugePage = 2L << 20;
    private const int ProtReadWrite = 3;
    private const int MadvHugePage = 14;
    private const int MadvDoDump = 17;

    /// <summary>A file this large (about 30,000 blocks or 100,000 DOT lines) is read into a heap of huge pages.</summary>
    public const long From = 4L << 20;

    private static readonly Lazy<bool> On = new(Enabled);

    private static int _done;

    /// <summary>Prepares the heap when <paramref name="path"/> is a file of at least <see cref="From"/> bytes.</summary>
    public static void PrepareFor(string path)
    {
        try
        {
            if (new FileInfo(path).Length >= From)
            {
                Prepare();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reader that follows says what is wrong with the file.
        }
    }

    /// <summary>Prepares the heap once per process; false when it was not (or not here) possible.</summary>
    public static bool Prepare()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _done, 1) == 1 || !On.Value)
        {
            return false;
        }

        try
        {
            var probe = new byte[16];
            var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
            long address;
            try
            {
                address = handle.AddrOfPinnedObject();
            }
            finally
            {
                handle.Free();
            }

            var start = (address + HugePage - 1) & ~(HugePage - 1);
            return ReservationAbove(address, File.ReadAllLines("/proc/self/maps")) is { } end && end - start >= Span
                && Protect((nint)start, (nuint)Span, ProtReadWrite) == 0
                && Advise((nint)start, (nuint)Span, MadvDoDump) == 0
                && Advise((nint)start, (nuint)Span, MadvHugePage) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Where the run of anonymous private mappings holding <paramref name="address"/> ends, when it is the GC's reservation.</summary>
    internal static long? ReservationAbove(long address, IReadOnlyList<string> maps)
    {
        long? end = null;
        foreach (var line in maps)
        {
            var mapping = Parse(line);
            if (end is null)
            {
                end = mapping is { } m && m.Start <= address && address < m.End ? m.End : null;
            }
            else if (mapping is { } next && next.Start == end)
            {
                end = next.End;
            }
            else
            {
                break;
            }
        }

        return end - address >= MinimumReservation ? end : null;
    }

    /// <summary>An anonymous private mapping, readable and writable or not accessible at all; null for any other line.</summary>
    private static (long Start, long End)? Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields[1] is not ("---p" or "rw-p") || fields[4] != "0")
        {
            return null;
        }

        var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            && long.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
            ? (start, end)
            : null;
    }

    /// <summary>
    /// A new array of <paramref name="length"/> elements whose contents are undefined (the caller writes before it
    /// reads), advised for huge pages (<see cref="Advise"/>): memory kept for large working sets.
    /// </summary>
    public static T[] NewArray<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length);
        Advise(array);
        return array;
    }

    /// <summary>
    /// Marks the whole 2 MB blocks inside a large array that has just been allocated, and not yet written, for huge
    /// pages: a drift tally keeps each column's values in an array of tens of megabytes, which the large-object heap
    /// places outside the range <see cref="Prepare"/> marks. The GC has committed the array's memory as a whole, so
    /// each block is writable when first touched. Does nothing for arrays under 4 MB, off Linux or when turned off.
    /// </summary>
    public static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        var bytes = (long)array.Length * sizeof(T);
        if (bytes < 2 * HugePage || !OperatingSystem.IsLinux() || !On.Value)
        {
            return;
        }

        try
        {
            fixed (T* first = array)
            {
                var start = ((long)first + HugePage - 1) & ~(HugePage - 1);
                var end = ((long)first + bytes) & ~(HugePage - 1);
                if (end > start)
                {
                    // Only a hint: where the kernel refuses it, the pages are simply 4 KB ones.
                    _ = Advise((nint)start, (nuint)(end - start), MadvHugePage);
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc madvise here: the array keeps the kernel's default pages.
        }
    }

    /// <summary><c>TOLLGATE_HUGE_PAGES=0</c> turns it off (to compare, or where huge pages are unwelcome).</summary>
    private static bool Enabled() => Environment.GetEnvironmentVariable("TOLLGATE_HUGE_PAGES") != "0";

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Protect(nint address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Advise(nint address, nuint length, int advice);
}
