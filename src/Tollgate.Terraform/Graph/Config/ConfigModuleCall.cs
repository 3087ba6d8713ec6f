namespace Tollgate.Terraform.Graph.Config;

/// <summary>A <c>module "name" { … }</c> call: inputs' traversals by argument, and <c>depends_on</c>.</summary>
public sealed record ConfigModuleCall(string Parent, string Name, string Source)
{
    public string Path => Parent.Length == 0 ? "module." + Name : Parent + ".module." + Name;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Inputs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public string? Location { get; init; }

    public string? File { get; init; }

    /// <summary>The 1-based line and column of the <c>module</c> block in <see cref="File"/> (0 when not known).</summary>
    public int Line { get; init; }

    public int Column { get; init; }
}
