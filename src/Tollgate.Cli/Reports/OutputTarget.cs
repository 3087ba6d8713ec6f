using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Reports;

/// <summary>
/// What a path given to <c>--output</c> names, told without opening it (opening a FIFO for writing blocks until it has
/// a reader): a regular file, or a place for one, that <see cref="StagedFile"/> replaces whole; or something written in
/// place (<see cref="Direct"/>): a FIFO, a device (<c>/dev/null</c>, <c>/dev/full</c>), and every path under
/// <c>/dev</c> or <c>/proc</c>, the names of open descriptors (<c>/dev/stdout</c>, <c>/proc/self/fd/1</c>) that a
/// rename would cut from the file they stand for. A symbolic link to a regular file names that file
/// (<see cref="File"/>), so the link stays a link; a file made only if nothing is there is the path itself
/// (<see cref="New"/>).
/// </summary>
internal sealed record OutputTarget(string File, bool Direct, bool Exists)
{
    public static OutputTarget Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return new(full, false, System.IO.File.Exists(full));
        }

        if (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal))
        {
            return new(full, true, Path.Exists(full));
        }

        var (type, errno) = FileKind.Stat(full, followLinks: true);
        if (errno == 0)
        {
            return type == FileKind.Regular ? new(Resolved(full), false, true) : new(full, true, true);
        }

        // Not there (or not reachable: the write will say why); a dangling link is made where it points, as open(2) would.
        return new(Resolved(full), false, false);
    }

    /// <summary>
    /// The path itself, for a file made only if nothing is there: anything at the path, a dangling link included, is
    /// there (as <c>O_EXCL</c> has it), and nothing is written through a link.
    /// </summary>
    public static OutputTarget New(string path)
    {
        var full = Path.GetFullPath(path);
        return new(full, false, OperatingSystem.IsWindows() ? Path.Exists(full) : FileKind.Stat(full, followLinks: false).Errno == 0);
    }

    /// <summary>The file a chain of symbolic links ends at, or <paramref name="path"/> itself when it is no link.</summary>
    private static string Resolved(string path)
    {
        try
        {
            return FileKind.Stat(path, followLinks: false).Type == FileKind.Link
                && System.IO.File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target
                ? target.FullName
                : path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return path;
        }
    }

    /// <summary>Refuses, as opening it would, an existing target this process may not write (a read-only file stays so).</summary>
    public void CheckWritable()
    {
        if (!Exists || OperatingSystem.IsWindows())
        {
            return;
        }

        switch (FileKind.Writable(File))
        {
            case 0:
                return;
            case 13:
                throw new UnauthorizedAccessException();
            case var errno:
                throw new IOException(null, errno);
        }
    }
}
