using System.Text.RegularExpressions;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// The error boundary's words for a file system exception no reader turned into an input error: "cannot access PATH:
/// permission denied", as <see cref="InputFile"/> and <see cref="FileProblem"/> say it, never the runtime's message
/// (a resource key in the binary, which is built with <c>UseSystemResourceKeys</c>). The path is the one the exception
/// carries: <see cref="FileNotFoundException.FileName"/>, or the one its message quotes.
/// </summary>
internal static partial class FileSystemFailure
{
    public static bool Is(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>"cannot access /x/changed.txt: permission denied"; without a path, the cause alone.</summary>
    public static string Describe(Exception e) => PathOf(e) switch
    {
        null => $"an input/output operation failed: {FileProblem.Describe(e, "")}",
        // Files are opened through InputFile, which names a directory given for one: here a directory failed to list.
        var directory when Directory.Exists(directory) => $"cannot access {directory}: {FileProblem.DescribeDirectory(e, directory)}",
        var path => $"cannot access {path}: {FileProblem.Describe(e, path)}",
    };

    /// <summary>
    /// The runtime's English quotes the path (<c>Access to the path '/x' is denied.</c>, <c>Permission denied : '/x'</c>);
    /// a resource key is followed by it (<c>UnauthorizedAccess_IODenied_Path, /x</c>).
    /// </summary>
    internal static string? PathOf(Exception e) =>
        e is FileNotFoundException { FileName: { Length: > 0 } name } ? name
        : Quoted().Match(e.Message) is { Success: true } quoted ? quoted.Groups[1].Value
        : Keyed().Match(e.Message) is { Success: true } keyed ? keyed.Groups[1].Value
        : null;

    [GeneratedRegex("'(/[^\\n]*|[A-Za-z]:\\\\[^\\n]*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex("^[A-Za-z]+_[A-Za-z_]+, (/[^\\n]*|[A-Za-z]:\\\\[^\\n]*)$")]
    private static partial Regex Keyed();
}
