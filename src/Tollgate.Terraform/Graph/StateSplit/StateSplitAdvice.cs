namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>The states to form and the boundaries between them, fewest crossing references first.</summary>
public sealed record StateSplitAdvice(IReadOnlyList<ProposedState> States, IReadOnlyList<StateBoundary> Boundaries)
{
    public bool SplitAdvised => States.Count > 1;
}
