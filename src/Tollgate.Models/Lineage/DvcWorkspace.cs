using Tollgate.Domain;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The data a <c>.dvc</c> file or a <c>dvc.lock</c> records inside the repository, compared with what the workspace
/// holds, as <c>dvc status</c> compares them: each entry (<see cref="RecordedData"/>, at its path relative to the file
/// or to its stage's <c>wdir</c>) is hashed as DVC hashed it when it wrote the record, DVC 3's md5 of the bytes where
/// the entry says <c>hash: md5</c>, DVC 2's otherwise (<see cref="Dos2Unix"/>: a text file's CRLF as LF), a directory
/// as DVC's <c>.dir</c> over its files' (<see cref="DvcTree"/>). Data that matches its record is also addressed as
/// <c>register</c> addresses it given plainly (SHA-256), in the same read, so a version registered from the data is
/// found from its pointer or its lock. Data outside the repository (a URL) is not in the workspace and is not compared.
/// </summary>
public static class DvcWorkspace
{
    /// <summary>The data <paramref name="record"/> (a <c>.dvc</c> file or a lock already read) holds in the repository, compared with the workspace; <paramref name="shown"/> names it in the notes.</summary>
    internal static IReadOnlyList<TrackedData> Check(DvcRecord record, string shown, CancellationToken cancellationToken = default)
    {
        var tracked = new List<TrackedData>();
        foreach (var (place, path, digest, dvc2) in record.InRepository)
        {
            var named = place.Named(path);
            try
            {
                tracked.Add(Compare(place.Full(path), named, digest, dvc2, shown, cancellationToken));
            }
            catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A file system's refusal in words ("permission denied"): its message is a resource key in the Native AOT
                // binary ("UnauthorizedAccess_IODenied_Path, /repo/data/train.csv") and the runtime's text elsewhere.
                var why = e is InvalidInputException ? e.Message : Domain.Inputs.FileProblem.Describe(e, place.Full(path));
                tracked.Add(new(named, null, $"{named} cannot be read as data ({why}): looked up by what {shown} records only"));
            }
        }

        return tracked;
    }

    private static TrackedData Compare(string full, string named, string recorded, bool dvc2, string shown, CancellationToken cancellationToken)
    {
        var isDirectory = recorded.EndsWith(".dir", StringComparison.Ordinal);
        if (isDirectory ? !Directory.Exists(full) : !File.Exists(full))
        {
            return new(named, null, (isDirectory ? File.Exists(full) : Directory.Exists(full))
                ? $"{named} is a {(isDirectory ? "file" : "directory")} where {shown} records a {(isDirectory ? "directory" : "file")}: looked up by the record only"
                : $"{named} is not in the workspace (dvc pull or dvc checkout puts it there): looked up by what {shown} records only");
        }

        var (input, md5) = DatasetDigest.Content(full, named, "--dataset", dvcAddress: true, dvc2, cancellationToken);
        return md5 == recorded
            ? new(named, input.Digest, null)
            : new(named, null, $"{named} has changed since {shown} recorded it ({md5}{(dvc2 ? " by DVC 2's md5" : "")} in the workspace, {recorded} recorded): looked up by the record only");
    }
}
