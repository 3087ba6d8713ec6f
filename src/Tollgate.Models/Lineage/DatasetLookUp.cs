namespace Tollgate.Models.Lineage;

/// <summary>
/// What <c>model which --dataset</c> looks a path up by (<see cref="DatasetDigest.ToLookUp"/>): the digests, and notes
/// for the user on what could not be matched (data a <c>.dvc</c> file or a lock records that differs from the record or
/// is missing, a lock stage whose <c>wdir</c> is not known).
/// </summary>
public sealed record DatasetLookUp(IReadOnlyList<string> Digests, IReadOnlyList<string> Notes);
