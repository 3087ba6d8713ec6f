namespace Tollgate.Terraform.Graph.Config;

/// <summary>What <see cref="HclConfigLoader"/> has read so far, from <c>.tf</c> and <c>.tf.json</c> files alike.</summary>
internal sealed record ConfigLoadState(string Root, Dictionary<string, string> Installed)
{
    public List<ConfigResource> Resources { get; } = [];

    public List<ConfigModuleCall> Calls { get; } = [];

    public Dictionary<string, IReadOnlyList<string>> Locals { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<string>> Outputs { get; } = new(StringComparer.Ordinal);

    public List<AddressMove> Moves { get; } = [];
}
