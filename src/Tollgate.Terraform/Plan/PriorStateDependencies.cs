using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Each <c>prior_state</c> resource's <c>depends_on</c> (all its resource ancestors, recorded by Terraform at the last
/// apply), by address. Its values are <see cref="PriorStateIdentities"/>' concern.
/// </summary>
internal sealed class PriorStateDependencies
{
    private readonly Dictionary<string, IReadOnlyList<string>> _dependsOn = new(StringComparer.Ordinal);
    private string? _address;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> DependsOn => _dependsOn;

    /// <summary>The address of the prior state resource being read, once its <c>address</c> has been seen.</summary>
    public string? Address => _address;

    /// <summary>
    /// prior_state.values.root_module(.child_modules[*])*.resources[*]: only each resource's address,
    /// depends_on and values are visited; the values are read by a probe (<see cref="PriorStateIdentities"/>), not copied.
    /// </summary>
    public static JsonStep Step(IReadOnlyList<string> path)
    {
        if (path.Count == 2)
        {
            return path[1] == "values" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (path.Count == 3)
        {
            return path[2] == "root_module" ? JsonStep.Descend : JsonStep.Skip;
        }

        var last = path[^1];
        var parent = path[^2];
        if (last == "*")
        {
            return parent is "resources" or "child_modules" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (parent == "*" && path.Count >= 3 && path[^3] == "resources")
        {
            return last is "address" or "depends_on" or "values" or "deposed_key" ? JsonStep.Capture : JsonStep.Skip;
        }

        return last is "resources" or "child_modules" ? JsonStep.Descend : JsonStep.Skip;
    }

    /// <summary>
    /// Keeps a prior state resource's depends_on under its address. Terraform writes <c>address</c> before
    /// <c>depends_on</c> in every resource object, so the last address seen is the owner.
    /// </summary>
    public void Add(string member, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (member == "address")
        {
            _address = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return;
        }

        if (_address is null || reader.TokenType != JsonTokenType.StartArray)
        {
            return;
        }

        var dependsOn = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            dependsOn.Add(reader.GetString()!);
        }

        if (dependsOn.Count > 0)
        {
            _dependsOn[_address] = dependsOn;
        }
    }
}
