namespace Tollgate.Models.Lineage;

/// <summary>One file of a directory a <c>dvc.lock</c> lists file by file: its path in the directory, its pins (md5, version_id, etag, checksum), its size and its node.</summary>
internal sealed record DvcFile(string RelPath, IReadOnlyDictionary<string, string> Pins, long? Size, DvcNode Node);
