using Tollgate.Domain;

namespace Tollgate.Models.Lineage;

/// <summary>The words of <see cref="DatasetKind"/> on the command line.</summary>
public static class DatasetKinds
{
    /// <summary><c>dvc-lock</c>, <c>dvc-file</c>, <c>file</c> or <c>auto</c> (the default: null); anything else is bad input.</summary>
    public static DatasetKind Parse(string? text) => text switch
    {
        null or "auto" => DatasetKind.Auto,
        "dvc-lock" => DatasetKind.DvcLock,
        "dvc-file" => DatasetKind.DvcFile,
        "file" => DatasetKind.File,
        _ => throw new InvalidInputException($"--dataset-kind {text}: expected dvc-lock (read the file as a DVC lock whatever its name), dvc-file (as a .dvc file whatever its name) or file (hash its content, even a dvc.lock's or a .dvc file's)"),
    };
}
