namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>
/// The elementary cycles listed for one cyclic strongly connected component. Each cycle is a closed path of node
/// indices (<c>[a, b, a]</c>; a self-loop is <c>[a, a]</c>) that starts at its member whose address sorts first;
/// shortest cycles first.
/// </summary>
public sealed record ComponentCycles(int Component, IReadOnlyList<IReadOnlyList<int>> Cycles, CycleListing Listing);
