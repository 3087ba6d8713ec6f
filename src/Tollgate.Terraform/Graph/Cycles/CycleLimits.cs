namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>
/// How far <see cref="ElementaryCycles"/> goes: a dense component has exponentially many elementary cycles, so the
/// listing stops at <see cref="PerComponent"/> cycles per component, <see cref="Total"/> over the graph (every cyclic
/// component still gets at least one), and <see cref="Work"/> edge visits in all. A cycle of more than
/// <see cref="MaxLength"/> addresses is not listed (it counts as "more exist"): in a big tangled component the
/// depth-first search finds cycles through most of it first, which nobody can read; a component whose listing is
/// empty then gets a shortest cycle through its first member.
/// </summary>
public sealed record CycleLimits(int PerComponent = 100, int Total = 1000, long Work = 1_000_000, int MaxLength = 100)
{
    public static CycleLimits Default { get; } = new();
}
