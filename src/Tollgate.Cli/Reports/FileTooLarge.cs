namespace Tollgate.Cli.Reports;

/// <summary>
/// A write past the largest file this process may write (<c>ulimit -f</c>, RLIMIT_FSIZE) or the file system may hold
/// (FAT32's 4 GB) fails with EFBIG, which .NET throws as an <see cref="ArgumentOutOfRangeException"/> for a parameter
/// <c>value</c>, as if a length were out of range. Told apart only around a file stream's own writes, flushes and
/// closing (a writer's bug is never taken for it), and thrown on as the <see cref="IOException"/> of errno 27 that
/// <see cref="Domain.Inputs.FileProblem"/> words: "the file would be too large". SIGXFSZ, which the kernel sends with
/// EFBIG, is absorbed by the host (<see cref="Hosting.TerminationSignals"/>), so the write fails instead of the process.
/// </summary>
internal static class FileTooLarge
{
    private const int Errno = 27; // EFBIG, on Linux and macOS

    public static bool Is(ArgumentOutOfRangeException e) => e.ParamName == "value" && !OperatingSystem.IsWindows();

    public static IOException Error() => new(null, Errno);

    /// <summary>Runs <paramref name="operation"/> on a file stream (a flush, its closing), EFBIG thrown as errno 27.</summary>
    public static async ValueTask GuardAsync(Func<ValueTask> operation)
    {
        try
        {
            await operation();
        }
        catch (ArgumentOutOfRangeException e) when (Is(e))
        {
            throw Error();
        }
    }
}
