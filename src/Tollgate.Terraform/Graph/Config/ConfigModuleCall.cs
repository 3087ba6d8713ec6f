namespace Tollgate.Terraform.Graph.Config;

/// <summary>A <c>module "name" { … }</c> call: inputs' traversals by argument, and <c>depends_on</c>.</summary>
public sealed record ConfigModuleCall(string Parent, string Name, string Source)
{
    public string Path => Parent.Length == 0 ? "module." + Name : Parent + ".module." + Name;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Inputs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public string? Location { get; init; }

    public string? File { get; init; }
}
