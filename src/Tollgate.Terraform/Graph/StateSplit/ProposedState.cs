namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>One state to form: its owner, its resources (data sources apart), and how far a change in it reaches into other states.</summary>
public sealed record ProposedState(string Owner, IReadOnlyList<string> Resources, IReadOnlyList<string> Modules, int ForeignDependents, int MaxBlastRadius)
{
    /// <summary>How the owner was decided: "owners file", "tags", "module", "neighbours".</summary>
    public string Basis { get; init; } = "";

    /// <summary>The data sources it reads, which are no resources of it: counted apart.</summary>
    public IReadOnlyList<string> DataSources { get; init; } = [];
}
