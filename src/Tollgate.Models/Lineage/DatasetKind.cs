using Tollgate.Domain;

namespace Tollgate.Models.Lineage;

/// <summary>
/// How a <c>--dataset</c> is read (<c>--dataset-kind</c>): <see cref="Auto"/> takes a file for a <c>dvc.lock</c> by
/// its name or its content (<see cref="DvcLock.Looks"/>) and hashes anything else; <see cref="DvcLock"/> reads the file
/// as a lock whatever its name; <see cref="File"/> hashes its content (a directory by its manifest), even a lock's.
/// </summary>
public enum DatasetKind
{
    Auto,
    DvcLock,
    File,
}

/// <summary>The words of <see cref="DatasetKind"/> on the command line.</summary>
public static class DatasetKinds
{
    /// <summary><c>dvc-lock</c>, <c>file</c> or <c>auto</c> (the default: null); anything else is bad input.</summary>
    public static DatasetKind Parse(string? text) => text switch
    {
        null or "auto" => DatasetKind.Auto,
        "dvc-lock" => DatasetKind.DvcLock,
        "file" => DatasetKind.File,
        _ => throw new InvalidInputException($"--dataset-kind {text}: expected dvc-lock (read the file as a DVC lock whatever its name) or file (hash its content, even a dvc.lock's)"),
    };
}
