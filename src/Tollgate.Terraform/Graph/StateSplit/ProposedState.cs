namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>One state to form: its owner, its resources, and how far a change in it reaches into other states.</summary>
public sealed record ProposedState(string Owner, IReadOnlyList<string> Resources, IReadOnlyList<string> Modules, int ForeignDependents, int MaxBlastRadius)
{
    /// <summary>How the owner was decided: "owners file", "tags", "module", "neighbours".</summary>
    public string Basis { get; init; } = "";
}
