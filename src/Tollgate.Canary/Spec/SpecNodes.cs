using System.Globalization;
using Tollgate.Domain;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Canary.Spec;

/// <summary>Typed reads of YAML nodes that fail with the file and line of the offending node.</summary>
internal sealed class SpecNodes(string path)
{
    public string Path { get; } = path;

    public InvalidInputException Error(YamlMappingNode parent, string key, string message)
    {
        var line = parent.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.Start.Line : parent.Start.Line;
        return new InvalidInputException($"{Path}:{line}: {message}");
    }

    public InvalidInputException Error(YamlNode node, string message) => new($"{Path}:{node.Start.Line}: {message}");

    public void RejectUnknown(YamlMappingNode mapping, IReadOnlyList<string> known, string where)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name))
            {
                throw Error(key, $"unknown field '{name}' in {where}" + KeySuggestion.Hint(name, known));
            }
        }
    }

    public YamlNode? Node(YamlMappingNode parent, string key, bool required, string? where = null)
    {
        if (parent.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return node;
        }

        return required ? throw Error(parent, $"missing required field '{key}'{(where is null ? "" : " in " + where)}") : null;
    }

    public string? Text(YamlMappingNode parent, string key, bool required = false, string? where = null)
    {
        var node = Node(parent, key, required, where);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { } value } || (required && value.Trim().Length == 0))
        {
            throw Error(node, node switch
            {
                YamlSequenceNode => $"'{key}' must be one value, not a list",
                YamlMappingNode => $"'{key}' must be one value, not a mapping",
                _ => $"'{key}' must be a non-empty text value",
            });
        }

        return value.Trim();
    }

    public (string Text, int Line)? Located(YamlMappingNode parent, string key)
    {
        var text = Text(parent, key);
        return text is null ? null : (text, (int)parent.Children[new YamlScalarNode(key)].Start.Line);
    }

    public TimeSpan Duration(YamlMappingNode parent, string key, bool required)
    {
        var text = Text(parent, key, required);
        if (text is null)
        {
            return TimeSpan.Zero;
        }

        return PromDuration.TryParse(text, out var duration, out var tooLong) ? duration
            : tooLong ? throw Error(parent, key, $"'{key}: {text}' is out of range: at most {PromDuration.Format(PromDuration.Max)} (100 years)")
            : PromDuration.IsZeroOrNegative(text) ? throw Error(parent, key, $"'{key}: {text}' must be longer than zero, e.g. {(key == "timeout" ? "10s" : "1m")}")
            : throw Error(parent, key, $"'{key}: {text}' is not a duration like 30s, 1m or 10m");
    }

    public double? Number(YamlMappingNode parent, string key)
    {
        var text = Text(parent, key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(parent, key, $"'{key}: {text}' is not a number");
    }

    public long? Integer(YamlMappingNode parent, string key)
    {
        var text = Text(parent, key);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : text.TrimStart('-', '+') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit)
                ? throw Error(parent, key, $"'{key}: {text}' is out of range: a whole number of at most {long.MaxValue}")
                : throw Error(parent, key, $"'{key}: {text}' is not a whole number");
    }

    public Uri? Url(YamlMappingNode parent, string key)
    {
        var text = Text(parent, key);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw Error(parent, key, $"'{key}: {Sources.PrometheusUrl.RedactText(text)}' is not an http(s) URL");
    }

    public YamlMappingNode? Mapping(YamlMappingNode parent, string key, bool required)
    {
        var node = Node(parent, key, required);
        return node switch
        {
            null => null,
            YamlMappingNode mapping => mapping,
            _ => throw Error(node, $"'{key}' must be a mapping"),
        };
    }

    public IReadOnlyList<string> TextList(YamlMappingNode parent, string key)
    {
        var node = Node(parent, key, required: false);
        return node switch
        {
            null => [],
            YamlSequenceNode list => list.Children.Select(c => c is YamlScalarNode { Value: { } v } ? v.Trim() : throw Error(c, $"'{key}' holds label names")).ToList(),
            _ => throw Error(node, $"'{key}' must be a list like [endpoint, tenant]"),
        };
    }
}
