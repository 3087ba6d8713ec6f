namespace Tollgate.Domain.Inputs;

/// <summary>
/// The source root paths are named relative to (the git work tree, as SARIF's <c>%SRCROOT%</c> and a CODEOWNERS line
/// are), and the one answer to "is this path under it": the approvers' <c>path:</c> (<see cref="Policies.ApproverPath"/>)
/// and SARIF's artifact locations ask it here, so a path is under the root for both or for neither.
/// </summary>
public static class SourceRoot
{
    /// <summary>
    /// The git work tree holding <paramref name="directory"/> (an absolute path): the nearest directory upwards with a
    /// <c>.git</c> entry, a directory or a file (a worktree's or a submodule's); else <paramref name="directory"/>.
    /// </summary>
    public static string Of(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
        {
            if (Path.Exists(Path.Combine(at.FullName, ".git")))
            {
                return at.FullName;
            }
        }

        return directory;
    }

    /// <summary>
    /// <paramref name="full"/> (an absolute path, <c>.</c> and <c>..</c> already removed) relative to
    /// <paramref name="root"/> with <c>/</c> between segments, or null when it lies outside the root (above it, or on
    /// another drive). The root itself is under the root: <c>.</c>. Paths are compared as written, without following
    /// symbolic links, as git names a link inside the work tree by its own path wherever it points.
    /// </summary>
    public static string? Relative(string root, string full)
    {
        var relative = Path.GetRelativePath(root, full);
        var outside = relative == ".." || Path.IsPathRooted(relative)
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return outside ? null : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
