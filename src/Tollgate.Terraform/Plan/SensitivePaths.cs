using System.Globalization;
using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Reads Terraform's <c>before_sensitive</c>/<c>after_sensitive</c> masks: the same shape as the value, with
/// <c>true</c> at sensitive leaves (or <c>true</c> for a whole sensitive value).
/// </summary>
public static class SensitivePaths
{
    /// <summary>The sensitive paths of a mask, as "input.pw" / "rules[0]"; "" means the whole value.</summary>
    public static IReadOnlyList<string> Of(JsonElement mask)
    {
        var paths = new List<string>();
        Walk(mask, "", paths);
        return paths;
    }

    /// <summary>The value at a path produced by <see cref="Of"/>, or undefined when it is absent.</summary>
    public static JsonElement At(JsonElement value, string path)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var current = value;
        foreach (var step in Steps(path))
        {
            if (step.Index is int i)
            {
                if (current.ValueKind != JsonValueKind.Array || i >= current.GetArrayLength())
                {
                    return default;
                }

                current = current[i];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step.Name!, out current))
            {
                return default;
            }
        }

        return current;
    }

    private static void Walk(JsonElement mask, string prefix, List<string> into)
    {
        switch (mask.ValueKind)
        {
            case JsonValueKind.True:
                into.Add(prefix);
                break;
            case JsonValueKind.Object:
                foreach (var property in mask.EnumerateObject())
                {
                    Walk(property.Value, prefix.Length == 0 ? property.Name : prefix + "." + property.Name, into);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in mask.EnumerateArray())
                {
                    Walk(item, prefix + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", into);
                    index++;
                }

                break;
        }
    }

    private static IEnumerable<(string? Name, int? Index)> Steps(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                yield return (name, null);
            }

            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return (null, int.Parse(part[(bracket + 1)..close], CultureInfo.InvariantCulture));
                bracket = part.IndexOf('[', close);
            }
        }
    }
}
