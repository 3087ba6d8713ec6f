using Tollgate.Domain;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The files a directory dataset holds as a training job reading it sees them: every file under it, hidden ones
/// included, and a symbolic link followed to what it points at (a link to a file is that file's content under the
/// link's path; a link to a directory, that directory's files under the link's path), as <c>open</c> and
/// <c>os.walk(followlinks=True)</c> would read them. A link that points nowhere, a chain of links that never ends and a
/// link to a directory that holds it (a loop, which a reader following links would walk for ever) are bad input naming
/// the link: leaving them out would make the digest silent about data the job reads or fails on.
/// </summary>
internal static class DirectoryFiles
{
    /// <summary>How many directory links deep a walk follows before it calls the nesting a loop, as the kernel's ELOOP does.</summary>
    private const int MaxLinkDepth = 40;

    private static readonly EnumerationOptions Entries = new() { AttributesToSkip = 0, IgnoreInaccessible = true };

    /// <summary>Every file under <paramref name="root"/>: its path to open and its path relative to the root, '/'-separated (unordered).</summary>
    public static List<(string Full, string Relative)> Of(string root, string shown)
    {
        var files = new List<(string Full, string Relative)>();
        Walk(root, "", [Path.GetFullPath(root)], 0, shown, files);
        return files;
    }

    private static void Walk(string directory, string relative, List<string> ancestors, int linkDepth, string shown, List<(string, string)> files)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", Entries))
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (entry.LinkTarget is not { } target)
            {
                if (entry is DirectoryInfo)
                {
                    Walk(entry.FullName, path, [.. ancestors, entry.FullName], linkDepth, shown, files);
                }
                else
                {
                    files.Add((entry.FullName, path));
                }

                continue;
            }

            var resolved = Resolve(entry, path, target, shown);
            if (resolved is FileInfo)
            {
                files.Add((entry.FullName, path));
                continue;
            }

            var real = Path.TrimEndingDirectorySeparator(resolved.FullName);
            if (ancestors.Contains(real, StringComparer.Ordinal) || linkDepth >= MaxLinkDepth)
            {
                throw new InvalidInputException($"{shown}: {path} is a symbolic link to {TextSafe.Line(target)}, a directory that holds the link itself (a loop: a job following links would read it for ever): remove the link or point it elsewhere");
            }

            Walk(entry.FullName, path, [.. ancestors, real], linkDepth + 1, shown, files);
        }
    }

    /// <summary>What the link at <paramref name="entry"/> finally points at, or why it points at nothing.</summary>
    private static FileSystemInfo Resolve(FileSystemInfo entry, string path, string target, string shown)
    {
        FileSystemInfo? resolved;
        try
        {
            resolved = entry.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"{shown}: {path} is a symbolic link to {TextSafe.Line(target)} that never reaches a file ({e.Message}): remove the link or point it at the data", e);
        }

        // A link's kind is the link's own; what it points at decides whether it is a file or a directory.
        FileSystemInfo? data = resolved is null ? null
            : File.Exists(resolved.FullName) ? new FileInfo(resolved.FullName)
            : Directory.Exists(resolved.FullName) ? new DirectoryInfo(resolved.FullName)
            : null;
        return data ?? throw new InvalidInputException($"{shown}: {path} is a symbolic link to {TextSafe.Line(target)}, which does not exist (a job reading the directory would fail on it): remove the link or restore its target");
    }
}
