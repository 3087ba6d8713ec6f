using System.Text.Json;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The plan reader's part for <c>prior_state</c>: each resource's <c>depends_on</c> (<see cref="PriorStateDependencies"/>)
/// and the identities of its <c>values</c> (<see cref="PriorStateIdentities"/>), both gathered in the reader's one pass.
/// </summary>
internal sealed class PriorStateReader
{
    private readonly PriorStateDependencies _dependencies = new();
    private readonly PriorStateIdentities _identities = new();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> DependsOn => _dependencies.DependsOn;

    public StateFacts Identities => _identities.Facts;

    /// <summary>
    /// The managed objects (not data sources) the prior state holds, deposed ones too: each has an entry in
    /// <c>resource_changes</c> (a deposed one its own delete).
    /// </summary>
    public int ManagedResources { get; private set; }

    /// <summary>
    /// How many current (not deposed) managed objects the prior state holds under each module instance
    /// (<c>module.svc["a"]</c>, nested modules counted in each ancestor); null until a resource of it is read.
    /// </summary>
    public Dictionary<string, int>? ObjectsUnder { get; private set; }

    /// <summary>
    /// How many current (not deposed) managed objects the prior state holds per configuration address
    /// (<c>module.svc.aws_x.y</c> for <c>module.svc["a"].aws_x.y[0]</c>): what a block stands for in objects.
    /// </summary>
    public Dictionary<string, int> InstancesOf { get; } = new(StringComparer.Ordinal);

    /// <summary>The prior state's managed instances that are not deposed objects.</summary>
    public int CurrentManaged { get; private set; }

    /// <summary>prior_state.values.root_module(.child_modules[*])*.resources[*]: address, depends_on and values.</summary>
    public JsonStep Step(IReadOnlyList<string> path)
    {
        var step = PriorStateDependencies.Step(path);
        if (step == JsonStep.Descend && path[^1] == "*" && path[^2] == "resources")
        {
            _identities.BeginResource();
        }

        return step;
    }

    /// <summary>Reads past a captured container: a resource's values through the identities probe, anything else skipped.</summary>
    public bool Probe(IReadOnlyList<string> path, ref Utf8JsonReader reader) =>
        path[^1] == "values" ? _identities.Probe(ref reader) : reader.TrySkip();

    /// <summary>True for a data source's address: <c>data.</c> after any <c>module.NAME[KEY].</c> prefixes.</summary>
    internal static bool IsData(string address)
    {
        var rest = address.AsSpan();
        while (rest.StartsWith("module."))
        {
            var end = rest["module.".Length..].IndexOfAny('.', '[');
            if (end < 0)
            {
                return false;
            }

            rest = rest[("module.".Length + end)..];
            if (rest.StartsWith("["))
            {
                var close = rest.IndexOf(']');
                rest = close < 0 ? [] : rest[(close + 1)..];
            }

            rest = rest.StartsWith(".") ? rest[1..] : [];
        }

        return rest.StartsWith("data.");
    }

    /// <summary>
    /// The one rule of the current tallies (<see cref="CurrentManaged"/>, <see cref="InstancesOf"/>,
    /// <see cref="ObjectsUnder"/>): a managed object counts once when its address is read (<paramref name="by"/> 1),
    /// and a <c>deposed_key</c> after it (terraform writes address first) takes it off again (-1): a deposed object is
    /// the old half of a replacement, not one more instance.
    /// </summary>
    private void CountCurrent(string address, int by)
    {
        CurrentManaged += by;
        var config = Addresses.ResourceAddress.ConfigOf(address);
        InstancesOf[config] = InstancesOf.GetValueOrDefault(config) + by;
        var prefix = "";
        foreach (var step in Addresses.ResourceAddress.ModuleSteps(Addresses.ResourceAddress.Parse(address).Module))
        {
            prefix = prefix.Length == 0 ? step : prefix + "." + step;
            ObjectsUnder![prefix] = ObjectsUnder.GetValueOrDefault(prefix) + by;
        }
    }

    public void Capture(string member, ReadOnlySpan<byte> json)
    {
        // The values were read by the probe on the way past; nothing of them is copied.
        if (member == "values")
        {
            _identities.Captured();
            return;
        }

        if (member == "deposed_key")
        {
            if (_dependencies.Address is { } owner && !IsData(owner))
            {
                CountCurrent(owner, -1);
            }

            return;
        }

        _dependencies.Add(member, json);
        if (member == "address")
        {
            _identities.SetAddress(_dependencies.Address);
            ObjectsUnder ??= new(StringComparer.Ordinal);
            if (_dependencies.Address is { } address && !IsData(address))
            {
                ManagedResources++;
                CountCurrent(address, 1);
            }
        }
    }
}
