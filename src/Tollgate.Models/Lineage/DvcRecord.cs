using Tollgate.Domain.Registry;

namespace Tollgate.Models.Lineage;

/// <summary>
/// What a <c>.dvc</c> file or a <c>dvc.lock</c> records, read once: the <see cref="Datasets"/> <c>register</c> records;
/// the data inside the repository (<see cref="InRepository"/>) that <see cref="DvcWorkspace"/> compares with the
/// workspace; <see cref="AsWritten"/>, the digests of object versions in a subdirectory as Tollgate recorded them
/// before it keyed them from the repository's root (<see cref="DvcObjectVersions"/>), which <c>which</c> still looks
/// up; and <see cref="Notes"/> on what could not be placed (a stage whose <c>wdir</c> is not known).
/// </summary>
internal sealed record DvcRecord(IReadOnlyList<DatasetInput> Datasets, IReadOnlyList<RecordedData> InRepository, IReadOnlyList<string> AsWritten, IReadOnlyList<string> Notes);
