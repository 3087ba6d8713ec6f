using System.Runtime.InteropServices;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// What a path is before it is opened: opening a FIFO blocks until someone writes to it, and a character device such
/// as <c>/dev/zero</c> never ends, so the type is read with <c>stat</c> first (through the runtime's own
/// <c>libSystem.Native</c>, which the Native AOT binary links in). Unix only.
/// </summary>
public static class FileKind
{
    private const int TypeMask = 0xF000;

    /// <summary>The <c>st_mode</c> type bits of the file <paramref name="path"/> leads to, or the errno of <c>stat</c>.</summary>
    public static (int Type, int Errno) Stat(string path, bool followLinks)
    {
        var status = default(FileStatus);
        var result = followLinks ? NativeStat(path, out status) : NativeLStat(path, out status);
        return result == 0 ? (status.Mode & TypeMask, 0) : (0, Marshal.GetLastPInvokeError());
    }

    public static string Describe(int type) => type switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xA000 => "a symbolic link",
        0xC000 => "a socket",
        _ => "not a regular file",
    };

    public const int Regular = 0x8000;

    public const int Link = 0xA000;

    public const int Fifo = 0x1000;

    /// <summary>
    /// 0 when this process may write to <paramref name="path"/>, else the errno of <c>access(2)</c> (13: permission
    /// denied, 30: a read-only file system), told without opening it: opening a FIFO for writing blocks until it has a reader.
    /// </summary>
    public static int Writable(string path) => Access(path, WriteAccess) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private const int WriteAccess = 2; // W_OK, the same on Linux and the BSDs (macOS)

    [DllImport("libc", EntryPoint = "access", SetLastError = true, CharSet = CharSet.Ansi)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Access(string path, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int NativeStat(string path, out FileStatus output);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int NativeLStat(string path, out FileStatus output);

    /// <summary>The runtime's platform-neutral <c>stat</c> result; only the mode is read, the rest is room.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }
}
