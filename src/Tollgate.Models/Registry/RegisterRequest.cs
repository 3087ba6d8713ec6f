namespace Tollgate.Models.Registry;

/// <summary><c>tollgate model register NAME --version V --artifact PATH --dataset PATH... [--dataset-kind dvc-lock|file] [--code-commit SHA] [--params FILE] [--metrics FILE] [--openlineage FILE]</c>.</summary>
public sealed record RegisterRequest(string Name, string Version, string Artifact, IReadOnlyList<string> Datasets)
{
    /// <summary>How every <see cref="Datasets"/> path is read: a DVC lock by name or content (the default), always a lock, or always by content.</summary>
    public Lineage.DatasetKind DatasetKind { get; init; } = Lineage.DatasetKind.Auto;

    public string? CodeCommit { get; init; }

    public string? Params { get; init; }

    public string? Metrics { get; init; }

    public string? OpenLineage { get; init; }

    /// <summary>Who registers (recorded with the version's first stage event, if any).</summary>
    public string Actor { get; init; } = "";
}
