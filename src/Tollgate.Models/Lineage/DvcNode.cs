using System.Collections.Frozen;
using System.Globalization;
using Tollgate.Domain;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// One mapping of a <c>dvc.lock</c> or a <c>.dvc</c> file (an output, a dependency, a file of a directory's
/// <c>files</c> list, a dataset lock, the file itself) read strictly: only the keys DVC's schema of that file
/// (<paramref name="schema"/>, as refusals name it) gives it, scalars where DVC writes scalars, whole numbers where it
/// writes numbers, and every refusal one line naming the file, the entry (<paramref name="what"/>) and its line.
/// A YAML null (<c>md5:</c>, <c>~</c>, <c>null</c>) or an empty string reads as absent, as DVC's schema reads it.
/// </summary>
internal sealed class DvcNode(YamlMappingNode node, string shown, string what, string schema = "dvc.lock")
{
    public YamlMappingNode Node => node;

    /// <summary>How refusals name this mapping: <c>output data/x of stage train</c>.</summary>
    public string What => what;

    /// <summary>The same mapping named otherwise (once its path is known: <c>output data/x of stage train</c>).</summary>
    public DvcNode Named(string name) => new(node, shown, name, schema);

    /// <summary>A nested mapping under <paramref name="key"/>, named <paramref name="name"/> in its refusals; null when absent.</summary>
    public DvcNode? Mapping(string key, string name) => Child(key) switch
    {
        null => null,
        YamlMappingNode mapping => new DvcNode(mapping, shown, name, schema),
        var other when IsNull(other) => null,
        var other => throw Bad($"has {key} that is not a mapping", other),
    };

    /// <summary>The list under <paramref name="key"/>; null when absent.</summary>
    public YamlSequenceNode? List(string key) => Child(key) switch
    {
        null => null,
        YamlSequenceNode list => list,
        var other when IsNull(other) => null,
        var other => throw Bad($"has {key} that is not a list", other),
    };

    /// <summary>Each item of the list under <paramref name="key"/> as a mapping named <paramref name="name"/>(index).</summary>
    public IReadOnlyList<DvcNode> Mappings(string key, Func<int, string> name) =>
        List(key)?.Children.Select((item, i) => item is YamlMappingNode mapping
            ? new DvcNode(mapping, shown, name(i), schema)
            : throw Bad($"has an item of {key} that is not a mapping", item)).ToList() ?? [];

    /// <summary>The scalar under <paramref name="key"/>; null when absent, null or empty.</summary>
    public string? Text(string key) => Child(key) switch
    {
        null => null,
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlScalarNode { Value: { } value } => value,
        var other => throw Bad($"has {key} that is not a single value", other),
    };

    /// <summary>The whole number under <paramref name="key"/> (DVC writes sizes, counts and versions as integers).</summary>
    public long? Whole(string key) => Text(key) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        var text => throw Bad($"has {key} '{text}', not a whole number", Child(key)),
    };

    /// <summary>True or false under <paramref name="key"/> (DVC's flags: <c>frozen</c>, <c>cache</c>, <c>push</c>…); null when absent.</summary>
    public bool? Flag(string key) => Text(key) switch
    {
        null => null,
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var text => throw Bad($"has {key} '{text}', not true or false", Child(key)),
    };

    /// <summary>Refuses a key DVC's schema does not give this kind of entry: a file DVC itself would not read.</summary>
    public void OnlyKeys(FrozenSet<string> keys)
    {
        foreach (var key in node.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !keys.Contains(name))
            {
                throw Bad($"has key '{(key as YamlScalarNode)?.Value ?? "(not a name)"}', which DVC's {schema} schema does not have here", key);
            }
        }
    }

    public InvalidInputException Bad(string problem, YamlNode? at = null) =>
        new($"{shown}: {what} {problem} (line {(at ?? node).Start.Line})");

    public YamlNode? Child(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" }
        || node is YamlScalarNode { Value: "" };
}
