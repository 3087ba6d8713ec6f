namespace Tollgate.Models.Lineage;

/// <summary>
/// One entry a <c>.dvc</c> file or a <c>dvc.lock</c> records inside the repository, as the workspace holds it
/// (<see cref="DvcWorkspace"/>): its path as shown, and either <see cref="Content"/>, the digest <c>register</c> records for the data (it matches the record), or a
/// <see cref="Note"/> saying why it is not looked up by its content (changed, missing, unreadable).
/// </summary>
public sealed record TrackedData(string Path, string? Content, string? Note);
