using Tollgate.Domain.Inputs;
using System.Text.Json;
using Tollgate.Hcl.Traversals;

namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// What a JSON value of a <c>.tf.json</c> file reads and holds, per Terraform's JSON syntax
/// (https://developer.hashicorp.com/terraform/language/syntax/json): strings are templates whose <c>${ … }</c>
/// sequences are parsed by the HCL parser and walked by the same <see cref="ReferenceCollector"/> as <c>.tf</c>
/// files; objects (their keys too) and arrays are walked through; numbers, booleans and null read nothing. A
/// property named <c>//</c> is a comment.
/// </summary>
internal static class JsonValues
{
    /// <summary>Every traversal the value reads, as written (<c>terraform_data.a.id</c>).</summary>
    public static List<string> References(JsonSource source, JsonElement value, IReadOnlyList<string> path)
    {
        var found = new List<string>();
        Collect(source, value, path, found);
        return found;
    }

    /// <summary>The traversals of a static reference list (<c>depends_on</c>, <c>replace_triggered_by</c>): strings, or an array of them.</summary>
    public static List<string> StaticReferences(JsonSource source, JsonElement? value, IReadOnlyList<string> path)
    {
        var found = new List<string>();
        if (value is not { } element)
        {
            return found;
        }

        var items = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : [element];
        for (var i = 0; i < items.Count; i++)
        {
            IReadOnlyList<string> at = element.ValueKind == JsonValueKind.Array ? [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)] : path;
            if (items[i].ValueKind != JsonValueKind.String)
            {
                throw source.Error(at, $"must be a string holding a reference, not {JsonKind.Of(items[i])}");
            }

            found.AddRange(ReferenceCollector.Collect(source.Reference(at, items[i].GetString()!)).Select(t => t.ToString()));
        }

        return found;
    }

    /// <summary>Literal strings (no interpolation) with their argument path, as the HCL reader records them.</summary>
    public static void Literals(JsonSource source, JsonElement value, string argument, IReadOnlyList<string> path, List<LiteralArgument> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when source.Template(path, value.GetString()!).LiteralValue is { } text:
                into.Add(new LiteralArgument(argument, text));
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject().Where(p => p.Name != "//"))
                {
                    Literals(source, property.Value, argument + "." + property.Name, [.. path, property.Name], into);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Literals(source, item, $"{argument}[{i}]", [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)], into);
                    i++;
                }

                break;
        }
    }

    /// <summary>A literal string, e.g. a module's <c>source</c>; null when absent or not a plain string.</summary>
    public static string? LiteralString(JsonSource source, JsonElement body, string name, IReadOnlyList<string> path) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? source.Template([.. path, name], value.GetString()!).LiteralValue
            : null;

    private static void Collect(JsonSource source, JsonElement value, IReadOnlyList<string> path, List<string> found)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                found.AddRange(ReferenceCollector.Collect(source.Template(path, value.GetString()!)).Select(t => t.ToString()));
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject().Where(p => p.Name != "//"))
                {
                    IReadOnlyList<string> at = [.. path, property.Name];
                    if (property.Name.Contains("${", StringComparison.Ordinal))
                    {
                        found.AddRange(ReferenceCollector.Collect(source.Template(at, property.Name)).Select(t => t.ToString()));
                    }

                    Collect(source, property.Value, at, found);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Collect(source, item, [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)], found);
                    i++;
                }

                break;
        }
    }
}
