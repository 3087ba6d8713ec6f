namespace Tollgate.Models.Registry;

/// <summary><c>tollgate model register NAME --version V --artifact PATH --dataset PATH... [--code-commit SHA] [--params FILE] [--metrics FILE] [--openlineage FILE]</c>.</summary>
public sealed record RegisterRequest(string Name, string Version, string Artifact, IReadOnlyList<string> Datasets)
{
    public string? CodeCommit { get; init; }

    public string? Params { get; init; }

    public string? Metrics { get; init; }

    public string? OpenLineage { get; init; }

    /// <summary>Who registers (recorded with the version's first stage event, if any).</summary>
    public string Actor { get; init; } = "";
}
