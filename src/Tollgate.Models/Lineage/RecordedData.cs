namespace Tollgate.Models.Lineage;

/// <summary>
/// Data inside the repository as a <c>.dvc</c> file or a <c>dvc.lock</c> records it: its <see cref="Path"/> relative to
/// <see cref="Place"/>, the digest it is recorded by (<c>md5:…</c>), and whether that is DVC 2's md5 (no
/// <c>hash: md5</c>: <see cref="Dos2Unix"/>); what <see cref="DvcWorkspace"/> compares with the workspace.
/// </summary>
internal sealed record RecordedData(DvcPlace Place, string Path, string Digest, bool Dvc2);
