using System.Text;
using System.Text.Json;
using Tollgate.Domain.Inputs;
using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// What a state says beyond the configuration. Identity values of objects that exist (<c>id</c>, <c>arn</c>, <c>name</c>, <c>self_link</c>, <c>*_id</c>,
/// <c>*_arn</c>, and <c>terraform_data</c>'s <c>output</c>), read by streaming a state file or a plan's
/// <c>prior_state</c>. A literal in another resource equal to one of them is an implicit dependency.
/// <c>tollgate plan</c> gets a plan's from the plan reader's own pass (<see cref="TerraformPlan.Identities"/>);
/// <see cref="ReadFile"/> is for state files and plans read without the plan reader.
/// </summary>
public sealed class StateFacts
{
    private const int MinimumLength = 6;
    private readonly Dictionary<string, List<(string Address, string Attribute)>> _byValue = new(StringComparer.Ordinal);

    public static StateFacts None { get; } = new();

    public int Count => _byValue.Count;

    /// <summary>A state file's recorded <c>dependencies</c> per instance address (the plan JSON has its own copy).</summary>
    public Dictionary<string, IReadOnlyList<string>> PriorDependsOn { get; } = new(StringComparer.Ordinal);

    /// <summary>Owner or team tags (<c>tags</c>/<c>labels</c> keys <c>owner</c>, <c>team</c>) by configuration address.</summary>
    public Dictionary<string, string> OwnerTags { get; } = new(StringComparer.Ordinal);

    /// <summary>Objects (configuration address and attribute) whose identity equals <paramref name="value"/>.</summary>
    public IReadOnlyList<(string Address, string Attribute)> Owners(string value) =>
        _byValue.TryGetValue(value, out var owners) ? owners : [];

    /// <summary>Every identity as (value, configuration address, attribute), in the order they were added.</summary>
    public IEnumerable<(string Value, string Address, string Attribute)> Entries =>
        _byValue.SelectMany(kv => kv.Value.Select(o => (kv.Key, o.Address, o.Attribute)));

    public void Add(string configAddress, string attribute, string value)
    {
        if (value.Length < MinimumLength)
        {
            return;
        }

        if (!_byValue.TryGetValue(value, out var owners))
        {
            _byValue[value] = owners = [];
        }

        if (!owners.Contains((configAddress, attribute)))
        {
            owners.Add((configAddress, attribute));
        }
    }

    /// <summary>Reads a plan JSON's <c>prior_state</c>, or a state file (<c>terraform.tfstate</c>, version 4).</summary>
    public static StateFacts ReadFile(string path, string? shownAs = null)
    {
        using var stream = InputFile.OpenRead(path, shownAs ?? path);
        var identities = new StateFacts();
        var walker = new StreamingJsonWalker
        {
            Decide = Decide,
            OnCapture = (p, json) => identities.Capture(p, json),
        };
        walker.Walk(stream, shownAs ?? path);
        return identities;
    }

    private static JsonStep Decide(IReadOnlyList<string> path)
    {
        var top = path[0];
        if (path.Count == 1)
        {
            return top is "prior_state" or "resources" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (top == "resources")
        {
            return path.Count == 2 ? JsonStep.Capture : JsonStep.Skip;
        }

        var last = path[^1];
        if (path.Count == 2)
        {
            return last == "values" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (path.Count == 3)
        {
            return last == "root_module" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (last == "*")
        {
            return path[^2] == "resources" ? JsonStep.Capture : path[^2] == "child_modules" ? JsonStep.Descend : JsonStep.Skip;
        }

        return last is "resources" or "child_modules" ? JsonStep.Descend : JsonStep.Skip;
    }

    private void Capture(IReadOnlyList<string> path, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var resource = document.RootElement;
        if (path[0] == "resources")
        {
            var module = resource.TryGetProperty("module", out var m) ? ResourceAddress.ModuleConfigOf(m.GetString() ?? "") : "";
            var mode = resource.TryGetProperty("mode", out var md) && md.GetString() == "data" ? "data." : "";
            var local = mode + resource.GetProperty("type").GetString() + "." + resource.GetProperty("name").GetString();
            var address = module.Length == 0 ? local : module + "." + local;
            if (resource.TryGetProperty("instances", out var instances) && instances.ValueKind == JsonValueKind.Array)
            {
                foreach (var instance in instances.EnumerateArray())
                {
                    if (instance.TryGetProperty("attributes", out var attributes))
                    {
                        AddAttributes(address, attributes);
                    }

                    if (instance.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Array)
                    {
                        PriorDependsOn[address] = dependencies.EnumerateArray().Select(d => d.GetString() ?? "").Where(d => d.Length > 0).ToList();
                    }
                }
            }

            return;
        }

        if (resource.TryGetProperty("address", out var a) && resource.TryGetProperty("values", out var values))
        {
            AddAttributes(ResourceAddress.ConfigOf(a.GetString() ?? ""), values);
        }
    }

    private void AddAttributes(string address, JsonElement attributes)
    {
        if (attributes.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var attribute in attributes.EnumerateObject())
        {
            if (attribute.Value.ValueKind == JsonValueKind.String && IsIdentity(Encoding.UTF8.GetBytes(attribute.Name)))
            {
                Add(address, attribute.Name, attribute.Value.GetString()!);
            }
            else if (HoldsTags(Encoding.UTF8.GetBytes(attribute.Name)) && attribute.Value.ValueKind == JsonValueKind.Object)
            {
                // terraform_data keeps its input as a dynamic value: {"value": {...}, "type": [...]}.
                var tags = attribute.Value.TryGetProperty("value", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object ? wrapped : attribute.Value;
                foreach (var tag in tags.EnumerateObject())
                {
                    if (IsOwnerKey(Encoding.UTF8.GetBytes(tag.Name)) && tag.Value.ValueKind == JsonValueKind.String)
                    {
                        OwnerTags[address] = tag.Value.GetString()!;
                    }
                }
            }
        }
    }

    /// <summary>An attribute whose string value names an object: <c>id</c>, <c>arn</c>, <c>name</c>, <c>*_id</c>, <c>*_arn</c>, ….</summary>
    internal static bool IsIdentity(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("id"u8) || name.SequenceEqual("arn"u8) || name.SequenceEqual("name"u8)
        || name.SequenceEqual("self_link"u8) || name.SequenceEqual("output"u8) || name.SequenceEqual("fqdn"u8)
        || name.SequenceEqual("dns_name"u8) || name.EndsWith("_id"u8) || name.EndsWith("_arn"u8);

    /// <summary>A tag or label key that names an owner: <c>owner</c> or <c>team</c>, in any case.</summary>
    internal static bool IsOwnerKey(ReadOnlySpan<byte> key) =>
        System.Text.Ascii.EqualsIgnoreCase(key, "owner"u8) || System.Text.Ascii.EqualsIgnoreCase(key, "team"u8);

    /// <summary>The attributes whose objects hold owner tags: <c>tags</c>, <c>labels</c>, and <c>terraform_data</c>'s <c>input</c>.</summary>
    internal static bool HoldsTags(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("tags"u8) || name.SequenceEqual("labels"u8) || name.SequenceEqual("input"u8);
}
