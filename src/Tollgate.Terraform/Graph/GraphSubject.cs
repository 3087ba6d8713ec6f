namespace Tollgate.Terraform.Graph;

/// <summary>
/// A loaded graph with the change it is judged for and the facts gathered while loading. The digest may still be
/// computing (on another core) while the graph is analysed; <see cref="Digest"/> waits for it.
/// </summary>
public sealed record GraphSubject(GraphModel Model, ChangeSet Changes, Task<string> PendingDigest)
{
    public GraphSubject(GraphModel model, ChangeSet changes, string digest)
        : this(model, changes, Task.FromResult(digest))
    {
    }

    public string Digest => PendingDigest.GetAwaiter().GetResult();

    /// <summary>Notes for the report, e.g. terraform graph's own error on a cycle.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];
}
