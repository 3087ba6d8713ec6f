using Tollgate.Domain;

namespace Tollgate.Models.Tests;

/// <summary>
/// One fuzzed input read under guard: the read either ends (a result, or an <see cref="InvalidInputException"/>) within
/// <see cref="Limit"/>, or the case fails as a hang; and the process may allocate at most <see cref="AllocationLimit"/>
/// while it reads (inputs of a few kilobytes), or the case fails as an allocation sized by a corrupt length. The fuzz
/// classes share the <see cref="FuzzCollection"/>, which runs alone, so no other test's allocations are counted.
/// </summary>
internal static class FuzzCase
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public const long AllocationLimit = 256L << 20;

    /// <summary>
    /// Null when <paramref name="read"/> took the input; the input error when it refused it. The allocation counted is
    /// the whole process's, so work left running by an earlier test (a background read, a finaliser) can land in it:
    /// a read over the limit is read once more, and only a second read over it fails. An allocation sized by a corrupt
    /// length comes from the input and is made again. (A CI run counted 263 MB for a CSV of 168 bytes, seed
    /// 2yu0dgtGZacc of CsvFuzzTests' "quoted"; read again alone, the same file allocates under 25 MB.)
    /// </summary>
    public static InvalidInputException? Run(string what, Func<Task> read)
    {
        var (refused, allocated) = Measure(what, read);
        if (allocated > AllocationLimit)
        {
            (refused, allocated) = Measure(what, read);
        }

        return allocated <= AllocationLimit
            ? refused
            : throw new InsufficientMemoryException($"{what}: {allocated >> 20} MB allocated while reading an input of a few kilobytes (twice)");
    }

    private static (InvalidInputException? Refused, long Allocated) Measure(string what, Func<Task> read)
    {
        var before = GC.GetTotalAllocatedBytes();
        var task = Task.Run(read);
        if (Task.WhenAny(task, Task.Delay(Limit)).GetAwaiter().GetResult() != task)
        {
            throw new TimeoutException($"{what}: still reading after {Limit.TotalSeconds} s");
        }

        InvalidInputException? refused = null;
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (InvalidInputException e)
        {
            refused = e;
        }

        return (refused, GC.GetTotalAllocatedBytes() - before);
    }

    /// <summary>Null when <paramref name="read"/> took the input; the input error when it refused it.</summary>
    public static InvalidInputException? Run(string what, Action read) => Run(what, () =>
    {
        read();
        return Task.CompletedTask;
    });
}
