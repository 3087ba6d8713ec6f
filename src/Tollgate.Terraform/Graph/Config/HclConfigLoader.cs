using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Inputs;
using Tollgate.Hcl;
using Tollgate.Hcl.Syntax;
using Tollgate.Terraform.Graph.Config.Json;

namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// Reads a Terraform configuration from its <c>.tf</c> files with the HCL parser and its <c>.tf.json</c> files
/// through <see cref="JsonConfigReader"/>: resources, data sources, module calls (local sources, and installed ones
/// through <c>.terraform/modules/modules.json</c>), locals, outputs, what variables' validations read, and
/// <c>moved</c>/<c>removed</c>/<c>import</c> blocks. Needs no terraform, no init, and works on configurations terraform itself refuses (a cycle). Like
/// terraform, each module's override files (<c>override.tf</c>, <c>*_override.tf</c> and their <c>.json</c> forms)
/// are read after its other files, in name order. A name a module declares twice (two resources of one type and name, two
/// variables, …) is refused as terraform refuses it (<see cref="ModuleDeclarations"/>). An error names the file as findings do, so that it can be opened
/// from where the command ran: under the directory as the user gave it (<c>infra/modules/db/main.tf:3:1</c>, or the
/// full path when the directory was given by one: <see cref="SourceLocations.AsGiven"/>), never relative to the
/// configuration alone.
/// </summary>
public static class HclConfigLoader
{
    /// <summary>The largest configuration file read: generated configurations reach tens of megabytes.</summary>
    public const long MaxFileBytes = 128L << 20;

    /// <param name="directory">The configuration's root directory.</param>
    /// <param name="shown">How messages name a file, from its full path (<see cref="SourceLocations.AsGiven"/> of the directory as the user gave it); by default under <paramref name="directory"/>.</param>
    public static TerraformConfig Load(string directory, Func<string, string>? shown = null)
    {
        var root = Path.GetFullPath(directory);
        if (ConfigFiles(root).Count == 0)
        {
            throw new InvalidInputException($"{directory} holds no Terraform configuration (*.tf, *.tf.json)");
        }

        shown ??= SourceLocations.AsGiven(directory, root);
        var state = new ConfigLoadState(root, InstalledModules(root, shown)) { Shown = shown };
        LoadModule(state, root, "", "", 0);
        return new TerraformConfig(state.Resources, state.Calls, state.Locals, state.Outputs)
        {
            HasLocals = true,
            Moves = state.Moves,
            Root = root,
            ValuePlaces = state.ValuePlaces,
            Validations = state.Validations,
        };
    }

    private static void LoadModule(ConfigLoadState state, string directory, string module, string key, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidInputException($"modules nest more than 32 deep at {module}: a module calls itself?");
        }

        var files = ConfigFiles(directory);
        var overridden = files.Any(IsOverride);
        foreach (var path in files)
        {
            state.Overriding = IsOverride(path);
            state.KeepArguments = overridden;
            var relative = Path.GetRelativePath(state.Root, path);
            var named = state.Shown(path);
            if (path.EndsWith(".tf.json", StringComparison.Ordinal))
            {
                foreach (var call in JsonConfigReader.Read(state, InputFile.ReadText(path, named, MaxFileBytes), relative, named, module))
                {
                    Descend(state, call, directory, key, depth);
                }

                continue;
            }

            // Each block is read into the configuration as soon as it is parsed and its syntax tree dropped: a file of
            // 100,000 blocks never sits in memory as one tree. Resources (all but a few blocks of a large file) are read
            // where they are parsed, on both threads of a large file; the other blocks here, in file order.
            HugePageHeap.PrepareFor(path);
            // The source's name is only ever shown (in syntax errors); the configuration records relative paths.
            var source = new SourceText(named, InputFile.ReadText(path, named, MaxFileBytes));
            var keepArguments = state.KeepArguments;
            using var blocks = HclParser.ReadBlocks(source, block => IsResource(block)
                ? new ParsedBlock(null, HclResourceReader.Read(source, block, module, relative, keepArguments))
                : new ParsedBlock(block, null)).GetEnumerator();
            while (NextBlock(blocks) is { } parsed)
            {
                if (parsed.Resource is { } resource)
                {
                    state.Add(resource, new SourceLocation(named, resource.Line, resource.Column));
                }
                else
                {
                    ReadBlock(state, source, parsed.Other!, directory, module, key, relative, depth);
                }
            }
        }
    }

    private static bool IsResource(Block block) => block.Type is "resource" or "data" && block.Labels.Count == 2;

    private static ParsedBlock? NextBlock(IEnumerator<ParsedBlock> blocks)
    {
        try
        {
            return blocks.MoveNext() ? blocks.Current : null;
        }
        catch (HclSyntaxException e)
        {
            throw new InvalidInputException($"cannot parse {e.Message}", e);
        }
    }

    /// <summary>The configuration files of one module directory: the others first, then the override files, each in name order.</summary>
    internal static List<string> ConfigFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".tf", StringComparison.Ordinal) || f.EndsWith(".tf.json", StringComparison.Ordinal))
                .OrderBy(IsOverride)
                .ThenBy(f => f, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot list the configuration directory {directory}: {FileProblem.DescribeDirectory(e, directory)}", e);
        }
    }

    private static bool IsOverride(string path)
    {
        var name = Path.GetFileName(path);
        var stem = name.EndsWith(".tf.json", StringComparison.Ordinal) ? name[..^".tf.json".Length] : name[..^".tf".Length];
        return stem == "override" || stem.EndsWith("_override", StringComparison.Ordinal);
    }

    private static void ReadBlock(ConfigLoadState state, SourceText file, Block block, string directory, string module, string key, string relative, int depth)
    {
        switch (block.Type)
        {
            case "locals":
                foreach (var local in block.Body.Attributes)
                {
                    state.Local(module, local.Name, HclResourceReader.Traversals(local.Value), At(file, local.Position, local.Value.End), relative);
                }

                break;
            case "output" when block.Labels.Count == 1:
                state.Output(module, block.Labels[0], block.Body.Attribute("value") is { } value ? HclResourceReader.Traversals(value.Value) : null, At(file, block.Position, block.End), relative);
                break;
            case "variable" when block.Labels.Count == 1:
                state.Variable(module, block.Labels[0], Validations(block), At(file, block.Position, block.End), relative);
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

    /// <summary>What a variable's validation blocks read, conditions and error messages alike; null without one.</summary>
    private static List<string>? Validations(Block variable)
    {
        List<string>? read = null;
        foreach (var validation in variable.Body.BlocksOf("validation"))
        {
            read ??= [];
            read.AddRange(HclResourceReader.Traversals(validation.Body.Attribute("condition")?.Value));
            read.AddRange(HclResourceReader.Traversals(validation.Body.Attribute("error_message")?.Value));
        }

        return read;
    }

    private static void ReadModuleCall(ConfigLoadState state, SourceText file, Block block, string directory, string module, string key, string relative, int depth)
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
            Line = block.Position.Line,
            Column = block.Position.Column,
        };
        if (state.Add(call, At(block.Position)))
        {
            Descend(state, call, directory, key, depth);
        }
    }

    /// <summary>A parsed position as messages name it: the source is named as the file is shown.</summary>
    private static SourceLocation At(Hcl.Syntax.SourcePosition position) => new(position.FileName, position.Line, position.Column);

    /// <summary>A parsed span, from <paramref name="start"/> to the offset <paramref name="end"/> just past it.</summary>
    private static SourceLocation At(SourceText file, Hcl.Syntax.SourcePosition start, int end)
    {
        var after = file.PositionOf(end);
        return At(start) with { EndLine = after.Line, EndColumn = after.Column };
    }

    /// <summary>Reads the module a call points at, when its source is local or installed.</summary>
    private static void Descend(ConfigLoadState state, ConfigModuleCall call, string directory, string key, int depth)
    {
        var source = call.Source;
        var childKey = key.Length == 0 ? call.Name : key + "." + call.Name;
        string? childDirectory = null;
        if (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
        {
            childDirectory = Path.GetFullPath(Path.Combine(directory, source));
        }
        else if (state.Installed.TryGetValue(childKey, out var installed))
        {
            childDirectory = Path.GetFullPath(Path.Combine(state.Root, installed));
        }

        if (childDirectory is not null && IsDirectory(childDirectory, $"the directory of {call.Path}"))
        {
            // The child's files set these for themselves; the rest of the parent's file reads with the parent's.
            var (overriding, keepArguments) = (state.Overriding, state.KeepArguments);
            LoadModule(state, childDirectory, call.Path, childKey, depth + 1);
            (state.Overriding, state.KeepArguments) = (overriding, keepArguments);
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a directory; false when nothing is there (a module not installed is left out).
    /// A path that cannot be looked at (a directory on the way not searchable) is an error naming it: a module that
    /// cannot be read is never silently read as empty, which would shrink the graph and its blast radius.
    /// </summary>
    private static bool IsDirectory(string path, string what) => Attributes(path, what) is { } attributes && attributes.HasFlag(FileAttributes.Directory);

    private static bool IsFile(string path, string what) => Attributes(path, what) is { } attributes && !attributes.HasFlag(FileAttributes.Directory);

    private static FileAttributes? Attributes(string path, string what)
    {
        try
        {
            return File.GetAttributes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read {path} ({what}): {FileProblem.Describe(e, "")}", e);
        }
    }

    private static string TextOf(SourceText file, Hcl.Attribute? attribute) =>
        attribute is null ? "" : file.Text[attribute.Value.Start..attribute.Value.End];

    /// <summary><c>.terraform/modules/modules.json</c>: module key (<c>app.db</c>) to its installed directory (relative to <paramref name="root"/>).</summary>
    internal static Dictionary<string, string> InstalledModules(string root, Func<string, string>? shown = null)
    {
        shown ??= path => Path.GetRelativePath(root, path);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(root, ".terraform", "modules", "modules.json");
        if (!IsFile(path, "the list of installed modules"))
        {
            return result;
        }

        using var document = ParseModulesJson(path, shown(path));
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

    private static JsonDocument ParseModulesJson(string path, string named)
    {
        try
        {
            return JsonDocument.Parse(InputFile.ReadBytes(path, named, MaxFileBytes));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{named} is not valid JSON (line {e.LineNumber + 1}): run terraform init again", e);
        }
    }

    /// <summary>A top-level block as the parsing threads hand it over: a resource already read, or any other block.</summary>
    private readonly record struct ParsedBlock(Block? Other, ConfigResource? Resource);
}
