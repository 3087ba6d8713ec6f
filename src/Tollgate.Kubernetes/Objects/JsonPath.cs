using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>The paths System.Text.Json names in its errors (<c>$.spec.template['app.kubernetes.io/name'][0]</c>), parsed and followed.</summary>
internal static class JsonPath
{
    /// <summary>Property names (string) and list indexes (int), in order; stops at what it cannot read.</summary>
    public static List<object> Parse(string path)
    {
        var parts = new List<object>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                parts.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                parts.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    break;
                }

                parts.Add(index);
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return parts;
    }

    public static JsonNode? Find(JsonNode? node, List<object> parts)
    {
        foreach (var part in parts)
        {
            node = (node, part) switch
            {
                (JsonObject o, string name) => o.TryGetPropertyValue(name, out var child) ? child : null,
                (JsonArray a, int index) => index < a.Count ? a[index] : null,
                _ => null,
            };
        }

        return node;
    }

    public static string Format(List<object> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            _ = part is int index ? text.Append(CultureInfo.InvariantCulture, $"[{index}]") : text.Append(text.Length == 0 ? "" : ".").Append(part);
        }

        return text.ToString();
    }
}
