using System.Runtime.InteropServices;
using System.Text;

namespace Tollgate.Ledger;

/// <summary>
/// Whether this user may write a file, and who owns it, asked of the operating system without opening the file (an
/// open and close of a ledger's file from this process would drop the POSIX locks SQLite holds on it). Only a failure's
/// wording uses them. Where an answer cannot be had (no <c>statx</c>: not Linux) the owner is null.
/// </summary>
internal static class FileAccessCheck
{
    private const int WriteOk = 2;
    private const int CurrentDirectory = -100;
    private const uint OwnerMask = 0x8; // STATX_UID

    public static bool CanWrite(string path)
    {
        var name = Encoding.UTF8.GetBytes(path + "\0");
        return Access(ref name[0], WriteOk) == 0;
    }

    /// <summary>The user name owning <paramref name="path"/> (its uid when it has none), or null when it cannot be told.</summary>
    public static string? Owner(string path)
    {
        try
        {
            var name = Encoding.UTF8.GetBytes(path + "\0");
            var status = new byte[256]; // struct statx: the same layout on every Linux architecture
            if (Statx(CurrentDirectory, ref name[0], 0, OwnerMask, ref status[0]) != 0)
            {
                return null;
            }

            var uid = BitConverter.ToUInt32(status, 20); // stx_uid
            var entry = GetPasswordEntry(uid);
            return entry != 0 && Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry)) is { Length: > 0 } user ? user : $"uid {uid}";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Access(ref byte path, int mode);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, ref byte path, int flags, uint mask, ref byte status);

    // struct passwd starts with pw_name on Linux and macOS; the entry is the C library's, read at once.
    [DllImport("libc", EntryPoint = "getpwuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint GetPasswordEntry(uint uid);
}
