using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// Checks a JSON value against a schema of an OpenAPI 3.1 document (JSON Schema 2020-12), with the keywords the
/// document uses: <c>$ref</c> into the document, <c>type</c> (one or a list), <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>oneOf</c> (exactly one), <c>anyOf</c>, <c>enum</c>, <c>pattern</c>,
/// <c>minimum</c>, <c>maximum</c>. Enough to hold the live answers to what the document promises; not a full validator.
/// </summary>
public static class DocumentSchema
{
    /// <summary>What is wrong with <paramref name="value"/> against <paramref name="schema"/>, one line each; empty when it satisfies it.</summary>
    public static List<string> Errors(JsonElement document, JsonElement schema, JsonElement value, string path = "$")
    {
        var errors = new List<string>();
        Check(document, schema, value, path, errors);
        return errors;
    }

    /// <summary>The schema of <paramref name="method"/> <paramref name="route"/>'s answer with <paramref name="status"/> as <paramref name="contentType"/>.</summary>
    public static JsonElement Answer(JsonElement document, string route, string method, int status, string contentType = "application/json") =>
        document.GetProperty("paths").GetProperty(route).GetProperty(method).GetProperty("responses")
            .GetProperty(status.ToString(CultureInfo.InvariantCulture)).GetProperty("content").GetProperty(contentType).GetProperty("schema");

    /// <summary>The schema <paramref name="schema"/> names with <c>$ref</c>, or itself.</summary>
    public static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            schema = target;
        }

        return schema;
    }

    private static void Check(JsonElement document, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        schema = Resolve(document, schema);
        if (schema.TryGetProperty("type", out var type) && !Types(type).Any(t => Is(t, value)))
        {
            errors.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", Types(type))}");
            return;
        }

        if (schema.TryGetProperty("enum", out var words) && !words.EnumerateArray().Any(w => JsonElement.DeepEquals(w, value)))
        {
            errors.Add($"{path}: {value} is not one of {words}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
        {
            errors.Add($"{path}: '{value.GetString()}' does not match {pattern.GetString()}");
        }

        if (value.ValueKind == JsonValueKind.Number && schema.TryGetProperty("minimum", out var minimum) && value.GetDecimal() < minimum.GetDecimal())
        {
            errors.Add($"{path}: {value} is below {minimum}");
        }

        if (value.ValueKind == JsonValueKind.Number && schema.TryGetProperty("maximum", out var maximum) && value.GetDecimal() > maximum.GetDecimal())
        {
            errors.Add($"{path}: {value} is above {maximum}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            Object(document, schema, value, path, errors);
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(document, items, item, $"{path}[{index++}]", errors);
            }
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matching = oneOf.EnumerateArray().Count(branch => Errors(document, branch, value, path).Count == 0);
            if (matching != 1)
            {
                errors.Add($"{path}: matches {matching} branches of oneOf, not exactly one");
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(branch => Errors(document, branch, value, path).Count == 0))
        {
            errors.Add($"{path}: matches no branch of anyOf");
        }
    }

    private static void Object(JsonElement document, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        foreach (var name in schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [])
        {
            if (!value.TryGetProperty(name, out _))
            {
                errors.Add($"{path}: required {name} is missing");
            }
        }

        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(document, propertySchema, property.Value, $"{path}.{property.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                Check(document, additional, property.Value, $"{path}.{property.Name}", errors);
            }
        }
    }

    private static IEnumerable<string> Types(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!];

    private static bool Is(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a JSON Schema type"),
    };
}
