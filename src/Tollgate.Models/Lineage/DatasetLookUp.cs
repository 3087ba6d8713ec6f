namespace Tollgate.Models.Lineage;

/// <summary>
/// What <c>model which --dataset</c> looks a path up by (<see cref="DatasetDigest.ToLookUp"/>): the digests, and notes
/// for the user on what could not be matched (a <c>.dvc</c> file's data that differs from its record or is missing).
/// </summary>
public sealed record DatasetLookUp(IReadOnlyList<string> Digests, IReadOnlyList<string> Notes);
