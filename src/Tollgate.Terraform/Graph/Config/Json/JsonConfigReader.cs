using Tollgate.Domain.Inputs;
using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// Reads one file in Terraform's JSON configuration syntax (<c>*.tf.json</c>,
/// https://developer.hashicorp.com/terraform/language/syntax/json) into the same configuration the HCL reader
/// builds: <c>resource</c>, <c>data</c>, <c>module</c>, <c>locals</c>, <c>output</c>, <c>moved</c>, <c>removed</c>
/// and <c>import</c>, and what a <c>variable</c>'s validations read; <c>provider</c>, <c>terraform</c> and <c>check</c>
/// add no edge. Malformed JSON,
/// a block of the wrong shape or a string that is no text (<see cref="IllFormedText"/>) is an
/// <see cref="InvalidInputException"/> naming the file and line.
/// </summary>
internal static class JsonConfigReader
{
    /// <summary>Adds the file's blocks to <paramref name="state"/> and returns the new module calls it declares (their modules are still to be read).</summary>
    /// <param name="relative">The file's path relative to the configuration root, as the configuration records it.</param>
    /// <param name="shown">The file as messages name it (as findings do).</param>
    public static List<ConfigModuleCall> Read(ConfigLoadState state, string text, string relative, string shown, string module)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        try
        {
            return Read(state, utf8, relative, shown, module);
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            // A name or value escaping half a surrogate pair alone (the text was read as strict UTF-8): the file and where.
            throw new InvalidInputException($"cannot read {shown}: {IllFormedText.Locate(utf8, problem)}", e);
        }
    }

    private static List<ConfigModuleCall> Read(ConfigLoadState state, byte[] utf8, string relative, string shown, string module)
    {
        JsonDocument document;
        JsonSpans spans;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
            spans = new JsonSpans(utf8);
        }
        catch (JsonException e)
        {
            // Where and what in words (JsonProblem), never the parser's message: it quotes the input.
            throw new InvalidInputException($"cannot parse {shown}: {JsonProblem.Describe(e)}", e);
        }

        using (document)
        {
            var source = new JsonSource(relative, shown, spans);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException($"cannot read {shown}: a Terraform JSON configuration is one JSON object, not {JsonKind.Of(document.RootElement)}");
            }

            var calls = new List<ConfigModuleCall>();
            foreach (var block in document.RootElement.EnumerateObject())
            {
                ReadBlock(state, source, block, module, calls);
            }

            return calls;
        }
    }

    private static void ReadBlock(ConfigLoadState state, JsonSource source, JsonProperty block, string module, List<ConfigModuleCall> calls)
    {
        IReadOnlyList<string> path = [block.Name];
        switch (block.Name)
        {
            case "resource" or "data":
                foreach (var (labels, body, at) in source.Blocks(block.Value, path, 2))
                {
                    state.Add(JsonResourceReader.Read(source, block.Name, labels, body, at, module), source.Place(at));
                }

                break;
            case "locals":
                foreach (var (body, at) in source.Objects(block.Value, path))
                {
                    foreach (var local in body.EnumerateObject().Where(p => p.Name != "//"))
                    {
                        IReadOnlyList<string> localPath = [.. at, local.Name];
                        state.Local(module, local.Name, JsonValues.References(source, local.Value, localPath), source.Place(localPath), source.Relative);
                    }
                }

                break;
            case "output":
                foreach (var (labels, body, at) in source.Blocks(block.Value, path, 1))
                {
                    state.Output(module, labels[0], body.TryGetProperty("value", out var value) ? JsonValues.References(source, value, [.. at, "value"]) : null, source.Place(at), source.Relative);
                }

                break;
            case "module":
                foreach (var (labels, body, at) in source.Blocks(block.Value, path, 1))
                {
                    var call = ReadModuleCall(source, labels[0], body, at, module);
                    if (state.Add(call, source.Place(at)))
                    {
                        calls.Add(call);
                    }
                }

                break;
            case "moved" or "removed" or "import":
                foreach (var (_, body, at) in source.Blocks(block.Value, path, 0))
                {
                    state.Moves.Add(new AddressMove(block.Name, module, Text(source, body, "from", at), Text(source, body, "to", at), source.Location(at)));
                }

                break;
            case "variable":
                foreach (var (labels, body, at) in source.Blocks(block.Value, path, 1))
                {
                    state.Variable(module, labels[0], Validations(source, body, at), source.Place(at), source.Relative);
                }

                break;
            case "provider" or "terraform" or "check" or "//":
                break;
            default:
                throw source.Error(path, "is not a block type of Terraform's JSON configuration syntax");
        }
    }

    /// <summary>What a variable's <c>validation</c> (an object, or an array of them) reads, conditions and error messages alike; null without one.</summary>
    private static List<string>? Validations(JsonSource source, JsonElement variable, IReadOnlyList<string> path)
    {
        if (!variable.TryGetProperty("validation", out var validations))
        {
            return null;
        }

        var read = new List<string>();
        foreach (var (body, at) in source.Objects(validations, [.. path, "validation"]))
        {
            foreach (var argument in new[] { "condition", "error_message" })
            {
                if (body.TryGetProperty(argument, out var value))
                {
                    read.AddRange(JsonValues.References(source, value, [.. at, argument]));
                }
            }
        }

        return read;
    }

    private static ConfigModuleCall ReadModuleCall(JsonSource source, string name, JsonElement body, IReadOnlyList<string> path, string module)
    {
        var inputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var argument in body.EnumerateObject().Where(a => a.Name is not ("//" or "source" or "version" or "depends_on" or "providers")))
        {
            inputs[argument.Name] = JsonValues.References(source, argument.Value, [.. path, argument.Name]);
        }

        return new ConfigModuleCall(module, name, JsonValues.LiteralString(source, body, "source", path) ?? "")
        {
            Inputs = inputs,
            DependsOn = JsonValues.StaticReferences(source, body.TryGetProperty("depends_on", out var dependsOn) ? dependsOn : null, [.. path, "depends_on"]),
            Location = source.Location(path),
            File = source.Relative,
            Line = source.SpanOf(path)?.Line ?? 0,
            Column = source.SpanOf(path)?.Column ?? 0,
        };
    }

    /// <summary>A static reference argument as written (<c>from = "aws_vpc.old"</c>), without a <c>${ }</c> wrapper.</summary>
    private static string Text(JsonSource source, JsonElement body, string name, IReadOnlyList<string> path)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return "";
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw source.Error([.. path, name], $"must be a string holding an address, not {JsonKind.Of(value)}");
        }

        var text = value.GetString()!.Trim();
        return text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') ? text[2..^1].Trim() : text;
    }
}
