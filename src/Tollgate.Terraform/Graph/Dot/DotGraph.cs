namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// A <c>terraform graph</c> output reduced to resources, data sources and module calls: configuration addresses
/// and dependent → dependency edges (<see cref="EdgeIds"/> index <see cref="Nodes"/>), whichever dialect it came
/// in. <see cref="CycleEdges"/> are the edges <c>-draw-cycles</c> coloured red.
/// </summary>
public sealed record DotGraph(
    DotDialect Dialect,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<(int From, int To)> EdgeIds,
    IReadOnlyList<(string From, string To)> CycleEdges)
{
    /// <summary>The edges by name.</summary>
    public IEnumerable<(string From, string To)> Edges => EdgeIds.Select(e => (Nodes[e.From], Nodes[e.To]));
}
