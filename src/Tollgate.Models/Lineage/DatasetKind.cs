namespace Tollgate.Models.Lineage;

/// <summary>
/// How a <c>--dataset</c> is read (<c>--dataset-kind</c>): <see cref="Auto"/> takes a file for a <c>dvc.lock</c> by
/// its name or its content (<see cref="DvcLock.Looks"/>), for a <c>.dvc</c> file by its name (<c>*.dvc</c>, as DVC
/// finds them), and hashes anything else; <see cref="DvcLock"/> reads the file as a lock whatever its name;
/// <see cref="DvcFile"/> as a <c>.dvc</c> file whatever its name; <see cref="File"/> hashes its content (a directory by
/// its manifest), even a lock's or a <c>.dvc</c> file's.
/// </summary>
public enum DatasetKind
{
    Auto,
    DvcLock,
    File,
    DvcFile,
}
