using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// Why a file could not be read or written, in our own words. The Native AOT binary is built with
/// <c>UseSystemResourceKeys</c>, so the runtime's messages for these exceptions are resource keys
/// (<c>UnauthorizedAccess_IODenied_Path, /tmp</c>); the cause is read from the path itself and from the errno that
/// an <see cref="IOException"/> carries in its <c>HResult</c> on Unix (a <see cref="Win32Exception"/>, as a program that
/// cannot be started throws, in its <c>NativeErrorCode</c>), and <c>strerror</c> (native, always present) words the rare rest.
/// </summary>
public static class FileProblem
{
    /// <summary>
    /// A short lower-case reason such as "it is a directory" or "no space left on the device"; with an empty
    /// <paramref name="path"/> (not known), the reason the exception alone gives.
    /// </summary>
    public static string Describe(Exception exception, string path)
    {
        if (path.Length > 0 && Directory.Exists(path))
        {
            return "it is a directory";
        }

        if (path.Length > 0 && FileOnTheWay(path) is { } file)
        {
            return $"{file} is a file, not a directory";
        }

        return exception switch
        {
            PathTooLongException => "the path is too long",
            UnauthorizedAccessException => "permission denied",
            DirectoryNotFoundException => "its directory does not exist",
            FileNotFoundException => "it does not exist",
            IOException io when Errno(io) is { } errno => Words(errno),
            Win32Exception { NativeErrorCode: > 0 } native => Words(native.NativeErrorCode),
            _ => "an input/output error",
        };
    }

    /// <summary>Why the directory <paramref name="path"/> could not be listed, in the same words: "permission denied", "it does not exist"...</summary>
    public static string DescribeDirectory(Exception exception, string path) => exception switch
    {
        _ when File.Exists(path) => "it is a file, not a directory",
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "it does not exist",
        _ => Describe(exception, ""),
    };

    /// <summary>The errno of a Unix I/O error, or the Win32 error of a Windows one; null when it carries neither.</summary>
    private static int? Errno(IOException exception) => exception.HResult switch
    {
        > 0 and < 4096 => exception.HResult,
        var h when (h & 0xFFFF0000) == 0x80070000 && OperatingSystem.IsWindows() => h & 0xFFFF,
        _ => null,
    };

    // The numbers below are the same on Linux and the BSDs (macOS); others fall through to strerror.
    private static string Words(int errno) => errno switch
    {
        5 when !OperatingSystem.IsWindows() => "an input/output error on the device",
        17 when !OperatingSystem.IsWindows() => "it already exists",
        20 when !OperatingSystem.IsWindows() => "a part of the path is not a directory",
        21 when !OperatingSystem.IsWindows() => "it is a directory",
        27 when !OperatingSystem.IsWindows() => "the file would be too large",
        28 when !OperatingSystem.IsWindows() => "no space left on the device",
        30 when !OperatingSystem.IsWindows() => "the file system is read-only",
        122 when OperatingSystem.IsLinux() => "the disk quota is exceeded",
        _ => Lower(Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>The nearest existing ancestor of <paramref name="path"/> when it is a file (a directory cannot be made under it).</summary>
    private static string? FileOnTheWay(string path)
    {
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent))
            {
                return null;
            }

            if (File.Exists(parent))
            {
                return parent;
            }
        }

        return null;
    }

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
}
