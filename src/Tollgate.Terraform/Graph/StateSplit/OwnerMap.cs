namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// Who owns what: a CODEOWNERS file (path patterns → owners, last match wins; matched against the file a resource
/// is declared in, as a path from the directory the patterns are relative to: <see cref="For"/>) or an owners map (<c>module.path: team</c> entries, longest module prefix wins, <c>"*"</c> for the
/// rest), as <see cref="OwnersFile"/> reads them. Resources neither covers fall back to owner/team tags, then to their
/// top-level module.
/// </summary>
public sealed class OwnerMap(string sourceName, IReadOnlyList<(string Pattern, string Owner)> codeOwners, IReadOnlyList<(string Module, string Owner)> modules)
{
    public static OwnerMap None { get; } = new("modules and tags", [], []);

    public string SourceName { get; } = sourceName;

    /// <summary>CODEOWNERS rules in file order (the last match wins).</summary>
    public IReadOnlyList<(string Pattern, string Owner)> CodeOwners { get; } = codeOwners;

    /// <summary>Owners map entries: a module path (or <c>"*"</c>) and its team.</summary>
    public IReadOnlyList<(string Module, string Owner)> Modules { get; } = modules;

    /// <summary>Where the owners file is (null for <see cref="None"/>).</summary>
    public string? FilePath { get; init; }

    /// <summary>The configuration directory's path from the directory CODEOWNERS patterns are relative to, with a trailing slash; "" when they are the same.</summary>
    public string FilePrefix { get; private init; } = "";

    /// <summary>True when a file says who owns what (not just module names and tags).</summary>
    public bool Known => CodeOwners.Count > 0 || Modules.Count > 0;

    /// <summary>Reads a CODEOWNERS file or an owners map (<c>.yaml</c>, <c>.yml</c>); <paramref name="shownAs"/> names it in errors.</summary>
    public static OwnerMap Load(string path, string? shownAs = null) => OwnersFile.Load(path, shownAs ?? path);

    /// <summary>
    /// This map for the configuration at <paramref name="configuration"/>. CODEOWNERS patterns are relative to the
    /// directory the file is in, or, for a file in <c>.github/</c> or <c>docs/</c> of a git work tree's root, to
    /// that root, as GitHub reads them; a configuration below that directory has the files its resources are declared
    /// in (relative to the configuration) matched with its path in front: <c>/infra/m3/ @org/leaf</c> in the
    /// repository's CODEOWNERS owns <c>m3/main.tf</c> of <c>infra</c>.
    /// </summary>
    public OwnerMap For(string configuration)
    {
        if (CodeOwners.Count == 0 || FilePath is null || !Directory.Exists(configuration) || Path.GetDirectoryName(Path.GetFullPath(FilePath)) is not { } root)
        {
            return this;
        }

        if (Path.GetFileName(root) is ".github" or "docs" && Path.GetDirectoryName(root) is { } parent && Path.Exists(Path.Combine(parent, ".git")))
        {
            root = parent;
        }

        var relative = Path.GetRelativePath(root, Path.GetFullPath(configuration)).Replace('\\', '/');
        return relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? this
            : new OwnerMap(SourceName, CodeOwners, Modules) { FilePath = FilePath, FilePrefix = relative + "/" };
    }

    /// <summary>The owner of a resource or module call, or null when this map says nothing about it.</summary>
    public string? OwnerOf(string module, string? file)
    {
        var best = Modules
            .Where(m => m.Module == "*" || module == m.Module || module.StartsWith(m.Module + ".", StringComparison.Ordinal))
            .OrderByDescending(m => m.Module == "*" ? -1 : m.Module.Length)
            .Select(m => m.Owner)
            .FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        if (file is null)
        {
            return null;
        }

        string? owner = null;
        var normalized = Tollgate.Domain.Inputs.ShownPath.Join(null, FilePrefix + file); // infra/../modules/x/main.tf as modules/x/main.tf: a module from outside the configuration is matched where it is
        foreach (var (pattern, who) in CodeOwners)
        {
            if (CodeOwnersPattern.Matches(pattern, normalized))
            {
                owner = who;
            }
        }

        return owner;
    }
}
