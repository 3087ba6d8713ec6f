using System.Runtime.InteropServices;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// What a path is before it is opened: opening a FIFO blocks until someone writes to it, and a character device such
/// as <c>/dev/zero</c> never ends, so the type is read with <c>stat</c> first (through the runtime's own
/// <c>libSystem.Native</c>, which the Native AOT binary links in).
/// </summary>
internal static class FileKind
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
