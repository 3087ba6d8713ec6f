namespace Tollgate.Domain.Registry;

/// <summary>
/// One training input of a model version, addressed by content: <c>sha256:…</c> over a file's full content or over a
/// directory's sorted manifest of file hashes, <c>md5:…</c> as DVC records it, <c>KEY:VALUE@LOCATION</c> for what a
/// dvc.lock pins by the storage's version (<c>version_id</c>, <c>etag</c>, <c>checksum</c>), a repository's commit
/// (<c>rev_lock</c>) or a DataChain version (<c>version</c>), or <c>mlflow:…</c> for MLflow's own (weak,
/// first-10,000-rows) dataset digest on import.
/// </summary>
public sealed record DatasetInput(string Digest, string Path)
{
    /// <summary>
    /// <c>file</c>, <c>directory</c>, <c>mlflow</c>, or what a dvc.lock pinned: <c>dvc</c> (md5), <c>dvc-version</c>,
    /// <c>dvc-etag</c>, <c>dvc-checksum</c> (the storage's pins with the URL), <c>dvc-git</c> (a repository at a commit),
    /// <c>dvc-datachain</c> (a DataChain dataset version).
    /// </summary>
    public string Kind { get; init; } = "file";

    public long? Bytes { get; init; }

    public long? Files { get; init; }
}
