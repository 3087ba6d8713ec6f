using Tollgate.Domain.Registry;

namespace Tollgate.Models.Lineage;

/// <summary>
/// What a <c>.dvc</c> file or a <c>dvc.lock</c> records, read once: the <see cref="Datasets"/> <c>register</c> records;
/// the data inside the repository (<see cref="InRepository"/>) that <see cref="DvcWorkspace"/> compares with the
/// workspace; and <see cref="Notes"/> on what could not be placed (a stage whose <c>wdir</c> is not known).
/// </summary>
internal sealed record DvcRecord(IReadOnlyList<DatasetInput> Datasets, IReadOnlyList<RecordedData> InRepository, IReadOnlyList<string> Notes);
