using System.Text.Json;

namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// One <c>resource</c>/<c>data</c> block of a <c>.tf.json</c> file: the same <see cref="ConfigResource"/> the HCL
/// reader makes. Arguments and nested blocks are one JSON object, so every property but the meta-arguments is
/// walked for references and literals (<c>count</c> and <c>for_each</c> included); <c>dynamic</c> blocks are named,
/// <c>lifecycle</c> is read, <c>provisioner</c> and <c>connection</c> are skipped as in HCL.
/// </summary>
internal static class JsonResourceReader
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "//", "depends_on", "provider", "provisioner", "connection", "lifecycle" };

    public static ConfigResource Read(JsonSource source, string blockType, IReadOnlyList<string> labels, JsonElement body, IReadOnlyList<string> path, string module)
    {
        var kind = blockType == "data" ? NodeKind.Data : NodeKind.Resource;
        var local = (kind == NodeKind.Data ? "data." : "") + labels[0] + "." + labels[1];
        var references = new List<string>();
        var literals = new List<LiteralArgument>();
        var dynamics = new List<string>();
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject().Where(p => !Skipped.Contains(p.Name)))
        {
            IReadOnlyList<string> at = [.. path, property.Name];
            if (property.Name == "dynamic")
            {
                foreach (var (names, content, inner) in source.Blocks(property.Value, at, 1))
                {
                    dynamics.Add(names[0]);
                    var read = JsonValues.References(source, content, inner);
                    references.AddRange(read);
                    arguments[names[0]] = [.. arguments.GetValueOrDefault(names[0]) ?? [], .. read];
                }

                continue;
            }

            var found = JsonValues.References(source, property.Value, at);
            references.AddRange(found);
            arguments[property.Name] = found;
            JsonValues.Literals(source, property.Value, property.Name, at, literals);
        }

        Lifecycle? lifecycle = null;
        if (body.TryGetProperty("lifecycle", out var block))
        {
            var before = references.Count;
            lifecycle = ReadLifecycle(source, block, [.. path, "lifecycle"], references);
            arguments["lifecycle"] = references[before..];
        }

        var dependsOn = JsonValues.StaticReferences(source, body.TryGetProperty("depends_on", out var written) ? written : null, [.. path, "depends_on"]);
        if (body.TryGetProperty("depends_on", out _))
        {
            arguments["depends_on"] = dependsOn;
        }

        // Where the block is, from its name to its closing brace, as the HCL reader has it from "resource" to "}".
        var span = source.SpanOf(path) ?? default;
        return new ConfigResource(module, local, kind)
        {
            References = references,
            DependsOn = dependsOn,
            Literals = literals,
            Lifecycle = lifecycle,
            DynamicBlocks = dynamics,
            Arguments = arguments,
            File = source.Relative,
            Repetition = body.TryGetProperty("count", out _) ? "count" : body.TryGetProperty("for_each", out _) ? "for_each" : null,
            Line = span.Line,
            Column = span.Column,
            EndLine = span.EndLine,
            EndColumn = span.EndColumn,
        };
    }

    private static Lifecycle ReadLifecycle(JsonSource source, JsonElement element, IReadOnlyList<string> path, List<string> references)
    {
        var triggers = new List<string>();
        var createBeforeDestroy = false;
        var preventDestroy = false;
        var ignore = new List<string>();
        foreach (var (body, at) in source.Objects(element, path))
        {
            triggers.AddRange(JsonValues.StaticReferences(source, body.TryGetProperty("replace_triggered_by", out var t) ? t : null, [.. at, "replace_triggered_by"]));
            createBeforeDestroy |= IsTrue(body, "create_before_destroy");
            preventDestroy |= IsTrue(body, "prevent_destroy");
            foreach (var condition in new[] { "precondition", "postcondition" })
            {
                if (body.TryGetProperty(condition, out var conditions))
                {
                    references.AddRange(JsonValues.References(source, conditions, [.. at, condition]).Where(r => !r.StartsWith("self.", StringComparison.Ordinal)));
                }
            }

            if (body.TryGetProperty("ignore_changes", out var changes))
            {
                ignore.AddRange(IgnoreChanges(source, changes, [.. at, "ignore_changes"]));
            }
        }

        references.AddRange(triggers);
        return new Lifecycle(createBeforeDestroy, preventDestroy, ignore, triggers);
    }

    /// <summary><c>"all"</c>, or attribute paths such as <c>tags</c> or <c>tags["Name"]</c>, as the HCL reader keeps them.</summary>
    private static IEnumerable<string> IgnoreChanges(JsonSource source, JsonElement changes, IReadOnlyList<string> path)
    {
        if (changes.ValueKind == JsonValueKind.String && changes.GetString() is "all" or "${all}")
        {
            return ["all"];
        }

        return JsonValues.StaticReferences(source, changes, path);
    }

    private static bool IsTrue(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && value.GetString() == "true"));
}
