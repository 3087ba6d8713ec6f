namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// A <c>terraform graph</c> output reduced to resources, data sources and module calls: configuration addresses
/// and dependent → dependency edges, whichever dialect it came in. <see cref="CycleEdges"/> are the edges
/// <c>-draw-cycles</c> coloured red.
/// </summary>
public sealed record DotGraph(
    DotDialect Dialect,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<(string From, string To)> Edges,
    IReadOnlyList<(string From, string To)> CycleEdges);
