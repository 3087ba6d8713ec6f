namespace Tollgate.Terraform.Graph;

/// <summary>A node a reference finally reads, and the values it went through to get there (empty when direct).</summary>
public sealed record ResolvedReference(string Address, IReadOnlyList<string> Via)
{
    /// <summary>
    /// The id of <see cref="Address"/> in the graph being assembled, when the resolver was given the builder's ids
    /// (-1 otherwise): an edge to it costs no look-up by name. Not part of the value (equality ignores it).
    /// </summary>
    internal int Node { get; init; } = -1;

    public bool Equals(ResolvedReference? other) =>
        other is not null && Address == other.Address && EqualityComparer<IReadOnlyList<string>>.Default.Equals(Via, other.Via);

    public override int GetHashCode() => HashCode.Combine(Address, Via);
}
