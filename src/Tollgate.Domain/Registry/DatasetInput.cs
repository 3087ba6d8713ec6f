namespace Tollgate.Domain.Registry;

/// <summary>
/// One training input of a model version, addressed by content: <c>sha256:…</c> over a file's full content or over a
/// directory's sorted manifest of file hashes, <c>md5:…</c> as DVC records it, or <c>mlflow:…</c> for MLflow's own
/// (weak, first-10,000-rows) dataset digest on import.
/// </summary>
public sealed record DatasetInput(string Digest, string Path)
{
    /// <summary><c>file</c>, <c>directory</c>, <c>dvc</c> or <c>mlflow</c>.</summary>
    public string Kind { get; init; } = "file";

    public long? Bytes { get; init; }

    public long? Files { get; init; }
}
