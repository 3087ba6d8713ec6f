namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// Where a node of a manifest is written: the 1-based line it starts on, and the line and column just after its last
/// character (a scalar's text, a flow collection's closing bracket, a block collection's last value).
/// </summary>
public sealed record NodeSpan(int Line, int EndLine, int EndColumn)
{
    /// <summary>The 1-based column it starts at.</summary>
    public int Column { get; init; }
}
