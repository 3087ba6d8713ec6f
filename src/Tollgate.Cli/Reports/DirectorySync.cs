using System.Runtime.InteropServices;

namespace Tollgate.Cli.Reports;

/// <summary>
/// Flushes a directory's entries to the disk (<c>fsync(2)</c> on the directory, on Linux and macOS; elsewhere nothing),
/// so a file renamed into it is there after a power loss, not only its bytes. Best effort, after the rename: the new
/// file is in place and its bytes on the disk, so a directory that cannot be opened (no read permission) or flushed (a
/// file system that cannot flush a directory, EINVAL; a failing disk, EIO) neither fails the command nor undoes the
/// write, and is not reported: the file was written, and a disk failing so fails the next write that needs it.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        // O_RDONLY | O_CLOEXEC (no child started meanwhile inherits it); O_DIRECTORY's number differs by CPU on Linux.
        var descriptor = Open(directory, OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000);
        if (descriptor < 0)
        {
            return;
        }

        _ = FSync(descriptor);
        _ = Close(descriptor);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FSync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
