namespace Tollgate.Terraform.Plan;

/// <summary>
/// A resource or data block of the plan's <c>configuration</c>. <see cref="References"/> maps each top-level
/// argument to every reference inside it (nested blocks included), module-relative, as Terraform lists them.
/// </summary>
public sealed record ConfiguredResource(
    string ModulePath,
    string Address,
    string Mode,
    string Type,
    string Name,
    IReadOnlyDictionary<string, IReadOnlyList<string>> References,
    IReadOnlyList<string> DependsOn)
{
    public string ProviderConfigKey { get; init; } = "";

    /// <summary>References of <c>count</c> and <c>for_each</c>.</summary>
    public IReadOnlyList<string> RepetitionReferences { get; init; } = [];

    /// <summary>The address inside its module, e.g. <c>aws_subnet.a</c>.</summary>
    public string LocalAddress => ModulePath.Length == 0 ? Address : Address[(ModulePath.Length + 1)..];

    /// <summary>Constant (reference-free) top-level arguments, as raw JSON, for literal matching.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();
}
