namespace Tollgate.Terraform.Graph;

/// <summary>
/// A loop among values (local values, variables, module outputs) that no resource closes, which terraform refuses.
/// <see cref="Path"/>: the closed path of the values' addresses from the one that sorts first
/// (<c>[local.w, var.v, local.w]</c>); <see cref="Nodes"/>: the nodes of terraform's graph the loop goes through, as
/// its "Cycle:" message names them (<c>local.w (expand)</c>, <c>var.v (validation)</c>; <see cref="ValueNames.Nodes"/>),
/// in the order of the path.
/// </summary>
public sealed record ValueCycle(IReadOnlyList<string> Path, IReadOnlyList<string> Nodes);
