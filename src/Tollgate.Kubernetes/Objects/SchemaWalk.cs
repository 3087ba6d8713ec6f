using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Yaml;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// One walk of an object as written against its field table (<see cref="ApiFields"/>): every key a definition does
/// not declare, every field it requires that its mapping leaves unset, every value outside those it lists (a list's
/// items each) and every value not of the scalar it holds (<see cref="ScalarCheck"/>: a list's items and a map's
/// values each), in document order. A misspelt key's value is walked as the field it means, so what is misspelt inside it is found in
/// the same run, and it sets the field it means (it is read as that, <see cref="MeantFields"/>). <paramref name="writtenAs"/>
/// gives the text a number or a boolean was written as, the string a string field means by it (<c>1.0</c>, <c>yes</c>).
/// </summary>
internal sealed class SchemaWalk(Func<JsonNode, string?> writtenAs)
{
    public List<UnknownField> Unknown { get; } = [];

    public List<UnsetField> Unset { get; } = [];

    public List<UnsupportedValue> Unsupported { get; } = [];

    public List<MalformedValue> Malformed { get; } = [];

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

            if (definition.Enums[at] is { } values)
            {
                foreach (var (item, itemPath, _) in Scalars(value, Under(path, key), key, maps: false))
                {
                    CheckListed(item, itemPath, values, definition.EmptyIsUnset);
                }
            }

            if (definition.Scalars[at] is { } scalar)
            {
                foreach (var (item, itemPath, itemKey) in Scalars(value, Under(path, key), key, maps: true))
                {
                    if (ScalarCheck.Of(itemPath, itemKey, definition.Fields[at], item, scalar, writtenAs) is { } malformed)
                    {
                        Malformed.Add(malformed);
                    }
                }
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

    private void CheckListed(JsonNode? value, string path, string[] values, bool emptyIsUnset)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text
            && !(emptyIsUnset && text.Length == 0) && !values.Contains(text, StringComparer.Ordinal))
        {
            var near = values.FirstOrDefault(x => x.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) ?? KeySuggestion.For(text, values.Where(x => x.Length > 0));
            Unsupported.Add(new UnsupportedValue(path, text, values, near, value));
        }
    }

    /// <summary>The value itself, or each item of a list (<c>[i]</c>) or each value of a map (<c>.key</c>, under its key: <c>memory</c>), with its path.</summary>
    private static IEnumerable<(JsonNode? Value, string Path, string Key)> Scalars(JsonNode? value, string path, string key, bool maps) => value switch
    {
        JsonArray items => items.Select((item, i) => (item, $"{path}[{i}]", key)),
        JsonObject entries when maps => entries.Select(e => (e.Value, $"{path}.{e.Key}", e.Key)),
        _ => [(value, path, key)],
    };

    private static string Under(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
