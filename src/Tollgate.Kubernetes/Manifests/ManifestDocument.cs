using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// One YAML document of an input, as a JSON tree (the shape the Kubernetes API and its typed models read), with where
/// each node is written (<see cref="NodeSpan"/>), the text of each number and boolean as written (<paramref name="written"/>: <c>1.0</c>,
/// <c>yes</c>, which their JSON form spells <c>1</c> and <c>true</c>) and, for Helm output, the template the document
/// was rendered from (<c># Source:</c>).
/// </summary>
public sealed class ManifestDocument(string file, int line, JsonNode? root, ConditionalWeakTable<JsonNode, NodeSpan> spans, ConditionalWeakTable<JsonNode, string>? written = null)
{
    private readonly ConditionalWeakTable<JsonNode, string> _written = written ?? [];

    public string File { get; } = file;

    /// <summary>The 1-based line the document's content starts on.</summary>
    public int Line { get; } = line;

    /// <summary>The document's value: usually a mapping; null for an empty document.</summary>
    public JsonNode? Root { get; } = root;

    /// <summary>
    /// Written in flow style, as JSON is (<c>{…}</c>): its locations give the column as well as the line, since the
    /// objects and fields of one line (minified JSON, <c>jq -c</c>'s) are told apart by it alone.
    /// </summary>
    public bool Flow { get; init; }

    /// <summary>The Helm template path of a <c># Source: chart/templates/x.yaml</c> comment above the document, if any.</summary>
    public string? HelmSource { get; init; }

    /// <summary>
    /// The 1-based line <paramref name="node"/> starts on; for a value reached through an alias, the alias's line, and
    /// the lines of the anchor's text for the values inside it.
    /// </summary>
    public int? LineOf(JsonNode? node) => SpanOf(node)?.Line;

    /// <summary>Where <paramref name="node"/> is written, from its first line to just after its last character; as <see cref="LineOf"/> for an alias's value.</summary>
    public NodeSpan? SpanOf(JsonNode? node) => node is not null && spans.TryGetValue(node, out var span) ? span : null;

    /// <summary>
    /// The text <paramref name="node"/>, a number or a boolean, was written as (<c>1.0</c>, <c>0x1F</c>, <c>yes</c>), when
    /// it came from a plain scalar of the text, directly or through an alias or a merge key; for a string, the base64 of
    /// a <c>!!binary</c> scalar whose decoded bytes it holds (<c>aGVsbG8=</c> for <c>hello</c>); null otherwise.
    /// </summary>
    public string? WrittenAs(JsonNode? node) => node is not null && _written.TryGetValue(node, out var text) ? text : null;

    /// <summary>
    /// A deep copy of <paramref name="node"/>, a part of this document, whose nodes start on the lines of the nodes
    /// they copy (and were written as they were); <paramref name="copies"/> receives each original node's copy. The original is left as it is.
    /// </summary>
    public JsonNode Copy(JsonNode node, Dictionary<JsonNode, JsonNode> copies)
    {
        JsonNode copy;
        switch (node)
        {
            case JsonObject mapping:
                var copiedMapping = new JsonObject();
                foreach (var (key, value) in mapping)
                {
                    copiedMapping[key] = value is null ? null : Copy(value, copies);
                }

                copy = copiedMapping;
                break;
            case JsonArray items:
                var copiedItems = new JsonArray();
                foreach (var item in items)
                {
                    copiedItems.Add(item is null ? null : Copy(item, copies));
                }

                copy = copiedItems;
                break;
            default:
                copy = node.DeepClone();
                break;
        }

        if (spans.TryGetValue(node, out var span))
        {
            spans.AddOrUpdate(copy, span);
        }

        if (_written.TryGetValue(node, out var text))
        {
            _written.AddOrUpdate(copy, text);
        }

        copies[node] = copy;
        return copy;
    }
}
