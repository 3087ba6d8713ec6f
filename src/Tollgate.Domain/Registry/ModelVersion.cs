namespace Tollgate.Domain.Registry;

/// <summary>
/// One registered version of a model: its artifact's content digest and what trained it. <see cref="Datasets"/> is
/// the lineage: every training input by content digest. Versions are immutable once registered. <see cref="RegisteredAt"/>
/// is null when unknown (an MLflow version without <c>creation_timestamp</c>), never a stand-in date such as 1970.
/// </summary>
public sealed record ModelVersion(string Name, string Version, string ArtifactDigest, DateTimeOffset? RegisteredAt)
{
    public string? ArtifactPath { get; init; }

    public string? CodeCommit { get; init; }

    /// <summary>Training parameters as a JSON object, or null.</summary>
    public string? Params { get; init; }

    /// <summary>Offline metrics as a JSON object, or null (never enough to promote).</summary>
    public string? Metrics { get; init; }

    /// <summary>The run that produced it (an MLflow run id, a CI job), or null.</summary>
    public string? RunId { get; init; }

    /// <summary>Where the record came from: <c>tollgate</c> (registered here) or <c>mlflow</c> (imported).</summary>
    public string Source { get; init; } = "tollgate";

    public IReadOnlyList<DatasetInput> Datasets { get; init; } = [];

    /// <summary><c>NAME@VERSION</c>, as commands name a version.</summary>
    public string Id => $"{Name}@{Version}";
}
