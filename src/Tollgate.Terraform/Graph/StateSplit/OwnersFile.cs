using Tollgate.Domain.Inputs;
using Tollgate.Policies.Loading;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// Reads an owners file for <c>graph --owners</c> and <c>state-split --owners</c>: an owners map (<c>.yaml</c>,
/// <c>.yml</c>: <c>module.path: team</c> entries, at the top or under <c>owners:</c>) or a CODEOWNERS file
/// (<c>pattern @owner…</c> lines). Anything else is an input error naming the file, line and column the way a policy
/// error does, so a typo never becomes an owner named <c>[</c> or a file that silently says nothing; a file that
/// cannot be read (missing, a directory, unreadable) is <see cref="InputFile"/>'s one line, as for every input.
/// </summary>
public static class OwnersFile
{
    /// <summary>The largest owners file read; real ones are a few kilobytes.</summary>
    public const long MaxBytes = 16L << 20;

    private const string Expected = "expected 'module.path: team' entries, at the top or under 'owners:'";

    public static OwnerMap Load(string path, string shownAs)
    {
        var text = InputFile.ReadText(path, shownAs, MaxBytes);
        var name = Path.GetFileName(path);
        var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        return yaml ? new OwnerMap(name, [], ReadMap(text, shownAs)) { FilePath = path } : new OwnerMap(name, ReadCodeOwners(text, shownAs), []) { FilePath = path };
    }

    private static List<(string Module, string Owner)> ReadMap(string text, string shownAs)
    {
        var errors = new YamlErrors(shownAs);
        var fields = new YamlFields(errors);
        var root = errors.Root(text);
        if (root is null or YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            throw errors.At(1, 1, $"the owners file names no owners: {Expected}");
        }

        var top = fields.Mapping(root, "the owners file", null);
        var map = root;
        var what = "the owners file";
        if (top.Any(e => e.Key == "owners"))
        {
            map = fields.Mapping(root, "the owners file", ["owners"])[0].Value;
            what = "owners";
        }

        if (map is YamlScalarNode { Value: null or "" or "~" or "null" } or YamlMappingNode { Children.Count: 0 })
        {
            throw errors.At(map, $"{what} lists no modules: {Expected}");
        }

        var modules = new List<(string, string)>();
        foreach (var (module, keyNode, value) in fields.Mapping(map, what, null))
        {
            if (module != "*" && !(module.StartsWith("module.", StringComparison.Ordinal) && module.Length > "module.".Length))
            {
                throw errors.At(keyNode, $"'{module}' is not a module path: keys are module.name, module.name.module.child or \"*\"");
            }

            modules.Add((module, fields.Text(value, $"the owner of {module}").Trim()));
        }

        return modules;
    }

    private static List<(string Pattern, string Owner)> ReadCodeOwners(string text, string shownAs)
    {
        var errors = new YamlErrors(shownAs);
        var rules = new List<(string, string)>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split('#')[0];
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // A pattern alone is valid CODEOWNERS: it leaves those paths without an owner.
            if (parts.Length < 2)
            {
                continue;
            }

            foreach (var owner in parts.Skip(1))
            {
                if (owner.Length < 2 || !owner.Contains('@', StringComparison.Ordinal))
                {
                    throw errors.At(i + 1, line.IndexOf(owner, line.IndexOf(parts[0], StringComparison.Ordinal) + parts[0].Length, StringComparison.Ordinal) + 1,
                        $"'{owner}' is not an owner: a CODEOWNERS owner is @user, @org/team or an email address");
                }
            }

            rules.Add((parts[0], string.Join(' ', parts.Skip(1))));
        }

        return rules.Count > 0
            ? rules
            : throw errors.At(1, 1, "the CODEOWNERS file names no owners: expected lines like '/modules/network/ @org/team'");
    }
}
