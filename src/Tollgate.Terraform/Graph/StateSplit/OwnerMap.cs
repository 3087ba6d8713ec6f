namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// Who owns what: a CODEOWNERS file (path patterns → owners, last match wins; matched against the file a resource
/// is declared in) or an owners map (<c>module.path: team</c> entries, longest module prefix wins, <c>"*"</c> for the
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

    /// <summary>True when a file says who owns what (not just module names and tags).</summary>
    public bool Known => CodeOwners.Count > 0 || Modules.Count > 0;

    /// <summary>Reads a CODEOWNERS file or an owners map (<c>.yaml</c>, <c>.yml</c>); <paramref name="shownAs"/> names it in errors.</summary>
    public static OwnerMap Load(string path, string? shownAs = null) => OwnersFile.Load(path, shownAs ?? path);

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
        var normalized = file.Replace('\\', '/');
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
