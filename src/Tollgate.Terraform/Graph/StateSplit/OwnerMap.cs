using Tollgate.Domain;

namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// Who owns what: a CODEOWNERS file (path patterns → owners, last match wins; matched against the file a resource
/// is declared in) or an owners map (<c>module.path: team</c> lines, longest module prefix wins, <c>"*"</c> for the
/// rest). Resources neither covers fall back to owner/team tags, then to their top-level module.
/// </summary>
public sealed class OwnerMap
{
    private readonly List<(string Pattern, string Owner)> _codeOwners = [];
    private readonly List<(string Module, string Owner)> _modules = [];

    public static OwnerMap None { get; } = new();

    public string SourceName { get; private init; } = "modules and tags";

    /// <summary>True when a file says who owns what (not just module names and tags).</summary>
    public bool Known => _codeOwners.Count > 0 || _modules.Count > 0;

    public static OwnerMap Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path} does not exist: give a CODEOWNERS file or an owners.yaml map of modules to teams");
        }

        var lines = File.ReadAllLines(path);
        var map = new OwnerMap { SourceName = Path.GetFileName(path) };
        var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0 || line == "owners:")
            {
                continue;
            }

            if (yaml)
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal) is var c and >= 0 ? c : line.EndsWith(':') ? -1 : line.LastIndexOf(':');
                if (colon <= 0)
                {
                    throw new InvalidInputException($"{path}: expected 'module.path: team' lines, found '{line}'");
                }

                map._modules.Add((Unquote(line[..colon]), Unquote(line[(colon + 1)..])));
            }
            else
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2)
                {
                    map._codeOwners.Add((parts[0], string.Join(' ', parts.Skip(1))));
                }
            }
        }

        return map;
    }

    /// <summary>The owner of a resource or module call, or null when this map says nothing about it.</summary>
    public string? OwnerOf(string module, string? file)
    {
        var best = _modules
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
        foreach (var (pattern, who) in _codeOwners)
        {
            if (CodeOwnersPattern.Matches(pattern, normalized))
            {
                owner = who;
            }
        }

        return owner;
    }

    private static string Unquote(string text) => text.Trim().Trim('"', '\'');
}
