using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Policies.Loading;

/// <summary>Typed reads of YAML nodes that fail with the node's line and column.</summary>
public sealed class YamlFields(YamlErrors errors)
{
    public YamlErrors Errors { get; } = errors;

    /// <summary>The entries of a mapping, refusing keys outside <paramref name="allowed"/> (null allows any).</summary>
    public IReadOnlyList<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Mapping(YamlNode node, string what, IReadOnlyCollection<string>? allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Errors.At(node, $"{what} must be a mapping (key: value lines)");
        }

        var entries = new List<(string, YamlScalarNode, YamlNode)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                throw Errors.At(keyNode, $"{what}: keys must be plain names");
            }

            if (key == "<<" && scalarKey.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)
            {
                throw Errors.At(keyNode, $"a merge key (<<) in {what}: a policy does not read merge keys; write the keys out (anchors and aliases of whole values work)");
            }

            if (allowed is not null && !allowed.Contains(key))
            {
                throw Errors.At(keyNode, $"unknown key '{key}' in {what}" + KeySuggestion.Hint(key, allowed));
            }

            if (!seen.Add(key))
            {
                throw Errors.At(keyNode, $"duplicate key '{key}' in {what}");
            }

            entries.Add((key, scalarKey, value));
        }

        return entries;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string what) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.ToList(),
        YamlScalarNode { Value: null or "" or "~" or "null" } => [],
        _ => throw Errors.At(node, $"{what} must be a list"),
    };

    public string Text(YamlNode node, string what, bool allowEmpty = false)
    {
        if (node is not YamlScalarNode { Value: { } value })
        {
            throw Errors.At(node, $"{what} must be a single value, not a list or mapping");
        }

        if (!allowEmpty && value.Trim().Length == 0)
        {
            throw Errors.At(node, $"{what} must not be empty");
        }

        return value;
    }

    public Severity Severity(YamlNode node, string what, bool allowInfo = true)
    {
        var written = Text(node, what).Trim();
        return written.ToLowerInvariant() switch
        {
            "critical" => Domain.Findings.Severity.Critical,
            "high" => Domain.Findings.Severity.High,
            "medium" => Domain.Findings.Severity.Medium,
            "low" => Domain.Findings.Severity.Low,
            "info" when allowInfo => Domain.Findings.Severity.Info,
            _ => throw Errors.At(node, $"{what} must be one of critical, high, medium, low{(allowInfo ? ", info" : "")}; got '{written}'"),
        };
    }

    /// <summary>
    /// The text of a scalar that must be a boolean or a number, under the tag YAML resolves it with
    /// (<see cref="YamlTags"/>): an untagged quoted (or block) scalar is a string in YAML 1.2's core schema, as in a
    /// JSON-schema check of the file, so <c>"no"</c> or <c>"30"</c> is refused, not read as one; an explicit tag wins
    /// over the quotes, so <c>!!bool "false"</c> and <c>!!int '2'</c> are read, <c>!!str 2</c> is a string and
    /// refused, and a core tag of another type (<c>!!bool 2</c> for a count) is refused. <paramref name="fits"/> are
    /// the core tags the field takes.
    /// </summary>
    private string Plain(YamlNode node, string what, string expected, params string[] fits)
    {
        var text = Text(node, what);
        var scalar = (YamlScalarNode)node;
        var tag = YamlTags.Of(scalar.Tag, scalar.Style);
        if (tag == YamlTags.Str)
        {
            var how = scalar.Tag.IsEmpty ? "(quoted): write it without quotes"
                : scalar.Tag.IsNonSpecific ? "(tagged !): drop the tag and the quotes"
                : "(tagged !!str): drop the tag and the quotes";
            throw Errors.At(node, $"{what} must be {expected}; got the string \"{text}\" {how}");
        }

        return tag.StartsWith("!!", StringComparison.Ordinal) && !fits.Contains(tag)
            ? throw Errors.At(node, $"{what} must be {expected}; got a {tag} value: drop the {tag} tag")
            : text;
    }

    public int Count(YamlNode node, string what)
    {
        var text = Plain(node, what, "a whole number from 0 to 100", "!!int");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 100)
        {
            throw Errors.At(node, $"{what} must be a whole number from 0 to 100; got '{text}'");
        }

        return value;
    }

    public double Number(YamlNode node, string what)
    {
        var text = Plain(node, what, "a non-negative number", "!!int", "!!float");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            throw Errors.At(node, $"{what} must be a non-negative number; got '{text}'");
        }

        return value;
    }

    /// <summary>A count held to <paramref name="bound"/>, refused in the words of the command-line option that sets it.</summary>
    public int WholeNumber(YamlNode node, string what, WholeThreshold bound)
    {
        var text = Plain(node, what, "a whole number", "!!int");
        return bound.Parse(text) ?? throw Errors.At(node, bound.Refusal(what, text.Trim()));
    }

    public bool Boolean(YamlNode node, string what)
    {
        var written = Plain(node, what, "true or false", "!!bool").Trim();
        return written.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Errors.At(node, $"{what} must be true or false; got '{written}'"),
        };
    }

    public DateOnly Date(YamlNode node, string what)
    {
        var text = Text(node, what).Trim();
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Errors.At(node, $"{what} must be a date like 2027-01-31; got '{text}'");
        }

        return date;
    }

    public IReadOnlyList<string> Names(YamlNode node, string what)
    {
        var names = Sequence(node, what).Select(n => Text(n, what).Trim()).ToList();
        if (names.Count == 0)
        {
            throw Errors.At(node, $"{what} must list at least one name");
        }

        return names;
    }
}
