using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Inputs;
using Tollgate.Hcl;
using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// One <c>.tf.json</c> file being read: its name relative to the configuration root (what the configuration records)
/// and as messages name it (<paramref name="shown"/>, as findings do), the spans of its first levels,
/// and the parsing of its strings, which are HCL templates (or, where Terraform wants a static reference such as
/// <c>depends_on</c>, plain traversals). Every error names the file, the line and the JSON path.
/// </summary>
internal sealed class JsonSource(string relative, string shown, JsonSpans spans)
{
    public string Relative { get; } = relative;

    /// <summary><c>file:line</c> of the property at <paramref name="path"/> (just the file when it lies deeper than recorded).</summary>
    public string Location(IReadOnlyList<string> path) => At(Relative, path);

    /// <summary>Where the property or item at <paramref name="path"/> starts and ends, or null when it lies deeper than recorded.</summary>
    public JsonSpan? SpanOf(IReadOnlyList<string> path) => spans.SpanOf(path);

    /// <summary>
    /// Where the property at <paramref name="path"/> is, with the file as messages name it: from its name to the end of
    /// its value, or when it lies deeper than recorded, the nearest recorded line above it.
    /// </summary>
    public SourceLocation Place(IReadOnlyList<string> path)
    {
        if (spans.SpanOf(path) is { } span)
        {
            return new(shown, span.Line, span.Column) { EndLine = span.EndLine, EndColumn = span.EndColumn };
        }

        var line = 0;
        for (var depth = path.Count - 1; line == 0 && depth > 0; depth--)
        {
            line = spans.LineOf([.. path.Take(depth)]);
        }

        return new(shown, line, 0);
    }

    public InvalidInputException Error(IReadOnlyList<string> path, string message) =>
        new($"cannot read {At(shown, path)}: {string.Join('.', path)} {message}");

    private string At(string file, IReadOnlyList<string> path) =>
        spans.LineOf(path) is > 0 and var line ? $"{file}:{line}" : file;

    /// <summary>A JSON string as Terraform reads an expression: a template (<c>"web-${aws_vpc.main.id}"</c>).</summary>
    public TemplateExpression Template(IReadOnlyList<string> path, string text)
    {
        try
        {
            return HclParser.ParseTemplate(Relative, text);
        }
        catch (HclSyntaxException e)
        {
            throw Error(path, $"is not a valid template: {e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]}");
        }
    }

    /// <summary>
    /// A JSON string where Terraform wants a static reference (<c>depends_on</c>, <c>replace_triggered_by</c>,
    /// <c>moved</c>): a traversal such as <c>aws_vpc.main</c>; a <c>${ … }</c> wrapper is read as a template.
    /// </summary>
    public Expression Reference(IReadOnlyList<string> path, string text)
    {
        if (text.Contains("${", StringComparison.Ordinal))
        {
            return Template(path, text);
        }

        try
        {
            return HclParser.ParseExpression(text);
        }
        catch (HclSyntaxException e)
        {
            throw Error(path, $"is not a reference: {e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]}");
        }
    }

    /// <summary>The objects at <paramref name="path"/>: an object, or each object of an array (HCL's JSON form of repeated blocks).</summary>
    public IEnumerable<(JsonElement Body, IReadOnlyList<string> Path)> Objects(JsonElement element, IReadOnlyList<string> path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                yield return (element, path);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    IReadOnlyList<string> at = [.. path, index.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    index++;
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw Error(at, $"must be a JSON object, not {JsonKind.Of(item)}");
                    }

                    yield return (item, at);
                }

                break;
            default:
                throw Error(path, $"must be a JSON object (or an array of objects), not {JsonKind.Of(element)}");
        }
    }

    /// <summary>
    /// Blocks with <paramref name="labels"/> labels: each label is one level of object properties
    /// (<c>"resource": {"type": {"name": {…}}}</c>), any level may be an array of such objects.
    /// </summary>
    public IEnumerable<(IReadOnlyList<string> Labels, JsonElement Body, IReadOnlyList<string> Path)> Blocks(JsonElement element, IReadOnlyList<string> path, int labels)
    {
        if (labels == 0)
        {
            foreach (var (body, at) in Objects(element, path))
            {
                yield return ([], body, at);
            }

            yield break;
        }

        foreach (var (level, at) in Objects(element, path))
        {
            foreach (var property in level.EnumerateObject())
            {
                if (property.Name == "//")
                {
                    continue;
                }

                foreach (var (rest, body, inner) in Blocks(property.Value, [.. at, property.Name], labels - 1))
                {
                    yield return ([property.Name, .. rest], body, inner);
                }
            }
        }
    }
}
