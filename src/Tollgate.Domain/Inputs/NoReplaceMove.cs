using System.Runtime.InteropServices;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// Moves a finished hidden file to a name only if nothing has that name, in one step: <c>link(2)</c>, which fails with
/// EEXIST when the name exists, then the hidden name removed. .NET's <c>File.Move(…, overwrite: false)</c> looks for
/// the name and then calls <c>rename(2)</c>, which replaces what another writer put there between the two, so two
/// writers racing for one new name could both "win". A file system without hard links (FAT, some network shares:
/// EPERM, ENOTSUP, EXDEV, EMLINK) falls back to <c>File.Move</c>.
/// </summary>
public static class NoReplaceMove
{
    private const int AlreadyExists = 17; // EEXIST, on Linux and macOS

    public static void Move(string hidden, string target)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            if (Link(hidden, target) == 0)
            {
                File.Delete(hidden);
                return;
            }

            if (Marshal.GetLastPInvokeError() == AlreadyExists)
            {
                throw new IOException(null, AlreadyExists); // "it already exists": another writer got there first
            }
        }

        File.Move(hidden, target, overwrite: false);
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link(string existing, string created);
}
