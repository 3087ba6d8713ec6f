namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>
/// How far <see cref="ElementaryCycles"/> goes: a dense component has exponentially many elementary cycles, so the
/// listing stops at <see cref="PerComponent"/> cycles per component, <see cref="Total"/> over the graph (every cyclic
/// component still gets at least one), and <see cref="Work"/> edge visits in all.
/// </summary>
public sealed record CycleLimits(int PerComponent = 100, int Total = 1000, long Work = 5_000_000)
{
    public static CycleLimits Default { get; } = new();
}
