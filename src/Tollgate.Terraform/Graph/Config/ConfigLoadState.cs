namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// What <see cref="HclConfigLoader"/> has read so far, from <c>.tf</c> and <c>.tf.json</c> files alike. While
/// <see cref="Overriding"/> (a module's override files), a block with the address of one already read is merged
/// into it (<see cref="ConfigOverride"/>) instead of added.
/// </summary>
internal sealed record ConfigLoadState(string Root, Dictionary<string, string> Installed)
{
    public List<ConfigResource> Resources { get; } = [];

    public List<ConfigModuleCall> Calls { get; } = [];

    public Dictionary<string, IReadOnlyList<string>> Locals { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<string>> Outputs { get; } = new(StringComparer.Ordinal);

    public List<AddressMove> Moves { get; } = [];

    /// <summary>How messages name a file of the configuration, from its full path: as findings name it.</summary>
    public Func<string, string> Shown { get; init; } = path => path;

    public bool Overriding { get; set; }

    /// <summary>The module has override files: keep each block's arguments so they can be merged.</summary>
    public bool KeepArguments { get; set; }

    public void Add(ConfigResource resource)
    {
        var at = Overriding ? Overridden(resource) : -1;
        if (at >= 0)
        {
            Resources[at] = ConfigOverride.Merge(Resources[at], resource);
        }
        else
        {
            Resources.Add(resource);
        }
    }

    /// <summary>The resource an override replaces (its own method: a lambda here would cost a closure per resource read).</summary>
    private int Overridden(ConfigResource resource)
    {
        var address = resource.Address;
        return Resources.FindIndex(r => r.Address == address);
    }

    /// <summary>Adds a module call, or merges it into the call it overrides; true when it is new (its module is still to be read).</summary>
    public bool Add(ConfigModuleCall call)
    {
        var at = Overriding ? Calls.FindIndex(c => c.Path == call.Path) : -1;
        if (at >= 0)
        {
            Calls[at] = ConfigOverride.Merge(Calls[at], call);
            return false;
        }

        Calls.Add(call);
        return true;
    }

    /// <summary>An output's value; an override output without <c>value</c> keeps the original's.</summary>
    public void Output(string key, IReadOnlyList<string>? value)
    {
        if (value is not null || !Overriding || !Outputs.ContainsKey(key))
        {
            Outputs[key] = value ?? [];
        }
    }
}
