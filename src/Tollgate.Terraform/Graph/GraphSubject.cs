namespace Tollgate.Terraform.Graph;

/// <summary>A loaded graph with the change it is judged for and the facts gathered while loading.</summary>
public sealed record GraphSubject(GraphModel Model, ChangeSet Changes, string Digest)
{
    /// <summary>Notes for the report, e.g. terraform graph's own error on a cycle.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];
}
