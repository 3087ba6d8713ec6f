using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Hcl;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// Reads a Terraform configuration from its <c>.tf</c> files with the HCL parser: resources, data sources, module
/// calls (local sources, and installed ones through <c>.terraform/modules/modules.json</c>), locals, outputs, and
/// <c>moved</c>/<c>removed</c>/<c>import</c> blocks. Needs no terraform, no init, and works on configurations
/// terraform itself refuses (a cycle).
/// </summary>
public static class HclConfigLoader
{
    public static TerraformConfig Load(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.EnumerateFiles(root, "*.tf").Any())
        {
            throw new InvalidInputException($"{directory} holds no Terraform configuration (*.tf)");
        }

        var state = new LoadState(root, InstalledModules(root));
        LoadModule(state, root, "", "", 0);
        return new TerraformConfig(state.Resources, state.Calls, state.Locals, state.Outputs)
        {
            HasLocals = true,
            Moves = state.Moves,
            Root = root,
        };
    }

    private static void LoadModule(LoadState state, string directory, string module, string key, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidInputException($"modules nest more than 32 deep at {module}: a module calls itself?");
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.tf").Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(state.Root, path);
            HclFile file;
            try
            {
                file = HclParser.Parse(relative, File.ReadAllText(path));
            }
            catch (HclSyntaxException e)
            {
                throw new InvalidInputException($"cannot parse {e.Message}", e);
            }

            foreach (var block in file.Body.Blocks)
            {
                ReadBlock(state, file, block, directory, module, key, relative, depth);
            }
        }
    }

    private static void ReadBlock(LoadState state, HclFile file, Block block, string directory, string module, string key, string relative, int depth)
    {
        switch (block.Type)
        {
            case "resource" or "data" when block.Labels.Count == 2:
                state.Resources.Add(HclResourceReader.Read(file, block, module, relative));
                break;
            case "locals":
                foreach (var local in block.Body.Attributes)
                {
                    state.Locals[TerraformConfig.Key(module, local.Name)] = HclResourceReader.Traversals(local.Value);
                }

                break;
            case "output" when block.Labels.Count == 1:
                state.Outputs[TerraformConfig.Key(module, block.Labels[0])] = HclResourceReader.Traversals(block.Body.Attribute("value")?.Value);
                break;
            case "module" when block.Labels.Count == 1:
                ReadModuleCall(state, file, block, directory, module, key, relative, depth);
                break;
            case "moved" or "removed" or "import":
                state.Moves.Add(new AddressMove(
                    block.Type,
                    module,
                    TextOf(file, block.Body.Attribute("from")),
                    TextOf(file, block.Body.Attribute("to")),
                    $"{relative}:{block.Position.Line}"));
                break;
        }
    }

    private static void ReadModuleCall(LoadState state, HclFile file, Block block, string directory, string module, string key, string relative, int depth)
    {
        var name = block.Labels[0];
        var source = (block.Body.Attribute("source")?.Value as Hcl.Expressions.TemplateExpression)?.LiteralValue ?? "";
        var inputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var attribute in block.Body.Attributes.Where(a => a.Name is not ("source" or "version" or "depends_on" or "providers")))
        {
            inputs[attribute.Name] = HclResourceReader.Traversals(attribute.Value);
        }

        var call = new ConfigModuleCall(module, name, source)
        {
            Inputs = inputs,
            DependsOn = HclResourceReader.Traversals(block.Body.Attribute("depends_on")?.Value),
            Location = $"{relative}:{block.Position.Line}",
            File = relative,
        };
        state.Calls.Add(call);
        var childKey = key.Length == 0 ? name : key + "." + name;
        string? childDirectory = null;
        if (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
        {
            childDirectory = Path.GetFullPath(Path.Combine(directory, source));
        }
        else if (state.Installed.TryGetValue(childKey, out var installed))
        {
            childDirectory = Path.GetFullPath(Path.Combine(state.Root, installed));
        }

        if (childDirectory is not null && Directory.Exists(childDirectory))
        {
            LoadModule(state, childDirectory, call.Path, childKey, depth + 1);
        }
    }

    private static string TextOf(HclFile file, Hcl.Attribute? attribute) =>
        attribute is null ? "" : file.TextOf(attribute.Value);

    /// <summary><c>.terraform/modules/modules.json</c>: module key (<c>app.db</c>) to its installed directory.</summary>
    private static Dictionary<string, string> InstalledModules(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(root, ".terraform", "modules", "modules.json");
        if (!File.Exists(path))
        {
            return result;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (document.RootElement.TryGetProperty("Modules", out var modules) && modules.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in modules.EnumerateArray())
            {
                if (entry.TryGetProperty("Key", out var k) && entry.TryGetProperty("Dir", out var d) && k.GetString() is { Length: > 0 } moduleKey)
                {
                    result[moduleKey] = d.GetString() ?? "";
                }
            }
        }

        return result;
    }

    private sealed record LoadState(string Root, Dictionary<string, string> Installed)
    {
        public List<ConfigResource> Resources { get; } = [];

        public List<ConfigModuleCall> Calls { get; } = [];

        public Dictionary<string, IReadOnlyList<string>> Locals { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IReadOnlyList<string>> Outputs { get; } = new(StringComparer.Ordinal);

        public List<AddressMove> Moves { get; } = [];
    }
}
