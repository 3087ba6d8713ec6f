namespace Tollgate.Domain.Inputs;

/// <summary>
/// Refuses a file the command would write (<c>--output</c>, <c>graph --dot|--svg|--html</c>, <c>model register --openlineage</c>) that is something it reads or
/// keeps: one of its inputs, a file inside an input directory that already exists (a configuration or manifest the
/// command reads), the SQLite ledger (and its <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files), or the policy file.
/// Paths are compared after symbolic links are resolved, so a link to an input is the input. (A hard link is another
/// name of the same file that no path shows; it is not detected, and needs not be: the command line writes a regular
/// file by renaming a finished file over the name, so the file behind a hard link keeps its contents.)
/// </summary>
public static class OutputGuard
{
    /// <param name="option">How the command line named the file, for the error (<c>--output</c>).</param>
    /// <param name="written">The file as given.</param>
    /// <param name="ledger">The SQLite ledger file; null for PostgreSQL.</param>
    /// <param name="policies">The policy file <c>--policy</c> names, or the default names looked for.</param>
    /// <exception cref="InvalidInputException">The file is one the command reads or keeps.</exception>
    public static void Check(string option, string written, string workingDirectory, IEnumerable<string?> inputs, string? ledger, IEnumerable<string> policies)
    {
        var target = Real(Path.GetFullPath(written, workingDirectory));
        foreach (var input in inputs.OfType<string>().Where(i => i != "-"))
        {
            var path = Real(Path.GetFullPath(input, workingDirectory));
            if (Same(path, target))
            {
                throw new InvalidInputException($"{option} {written} is an input of this command; refusing to overwrite it");
            }

            if (Directory.Exists(path) && File.Exists(target) && Inside(target, path))
            {
                throw new InvalidInputException($"{option} {written} is a file inside {input}, an input directory of this command; refusing to overwrite it (write it elsewhere)");
            }
        }

        if (ledger is not null)
        {
            var file = Real(ledger);
            if (new[] { "", "-wal", "-shm", "-journal" }.Any(suffix => Same(file + suffix, target)))
            {
                throw new InvalidInputException($"{option} {written} is the ledger (every verdict and approval recorded); refusing to overwrite it");
            }
        }

        if (policies.Select(p => Path.GetFullPath(p, workingDirectory)).Any(p => File.Exists(p) && Same(Real(p), target)))
        {
            throw new InvalidInputException($"{option} {written} is the policy file; refusing to overwrite it");
        }
    }

    /// <summary>The path with every symbolic link in it resolved, as far as it exists; the rest appended as given.</summary>
    internal static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (parent is null || name.Length == 0)
        {
            return full;
        }

        var resolvedParent = Real(parent);
        var joined = Path.Combine(resolvedParent, name);
        try
        {
            var info = new FileInfo(joined);
            return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Real(target.FullName) : joined;
        }
        catch (IOException)
        {
            return joined;
        }
        catch (UnauthorizedAccessException)
        {
            return joined;
        }
    }

    private static bool Same(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private static bool Inside(string file, string directory) =>
        file.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
