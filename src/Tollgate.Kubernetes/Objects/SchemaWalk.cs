using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Yaml;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// One walk of an object as written against its field table (<see cref="ApiFields"/>): every key a definition does
/// not declare, every field it requires that its mapping leaves unset, and every value outside those it lists, in
/// document order. A misspelt key's value is walked as the field it means, so what is misspelt inside it is found in
/// the same run, and it sets the field it means (it is read as that, <see cref="MeantFields"/>).
/// </summary>
internal sealed class SchemaWalk
{
    public List<UnknownField> Unknown { get; } = [];

    public List<UnsetField> Unset { get; } = [];

    public List<UnsupportedValue> Unsupported { get; } = [];

    /// <summary>Walks <paramref name="node"/> as <paramref name="definition"/>, shown at <paramref name="path"/> as written and at <paramref name="meant"/> as meant.</summary>
    public void Walk(JsonNode? node, FieldDefinition definition, string path, string meant)
    {
        if (node is not JsonObject mapping)
        {
            return;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping)
        {
            var at = definition.IndexOf(key);
            if (at < 0)
            {
                var near = KeySuggestion.For(key, definition.Fields);
                Unknown.Add(new UnknownField(Under(path, key), path, meant, key, definition.Fields, near, mapping) { Definition = definition.Name });
                if (near is null)
                {
                    continue;
                }

                at = definition.IndexOf(near);
            }

            // Written is set, even as null: the API server decodes that as the field's empty value.
            set.Add(definition.Fields[at]);

            if (definition.Enums[at] is { } values && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && v.GetValue<string>() is var text && !values.Contains(text, StringComparer.Ordinal))
            {
                Unsupported.Add(new UnsupportedValue(Under(path, key), text, values, KeySuggestion.For(text, values.Where(x => x.Length > 0)), value));
            }

            if (definition.Values[at] is not { } child)
            {
                continue;
            }

            var (inner, innerMeant) = (Under(path, key), Under(meant, definition.Fields[at]));
            if (!definition.Lists[at])
            {
                Walk(value, child, inner, innerMeant);
            }
            else if (value is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    Walk(items[i], child, $"{inner}[{i}]", $"{innerMeant}[{i}]");
                }
            }
        }

        for (var i = 0; i < definition.Fields.Length; i++)
        {
            if (definition.Required[i] && !set.Contains(definition.Fields[i]))
            {
                Unset.Add(new UnsetField(Under(meant, definition.Fields[i]), meant, definition.Fields[i], mapping));
            }
        }
    }

    private static string Under(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
