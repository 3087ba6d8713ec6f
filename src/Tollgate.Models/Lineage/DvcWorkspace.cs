using Tollgate.Domain;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The data a <c>.dvc</c> file tracks, compared with what the workspace holds, as <c>dvc status</c> compares them: each
/// output inside the repository is hashed as DVC hashed it when it wrote the record, DVC 3's md5 of the bytes where the
/// output says <c>hash: md5</c>, DVC 2's otherwise (<see cref="Dos2Unix"/>: a text file's CRLF as LF), a directory as
/// DVC's <c>.dir</c> over its files' (<see cref="DvcTree"/>). Data that matches its record is also addressed as
/// <c>register</c> addresses it given plainly (SHA-256), in the same read, so a version registered from the data is
/// found from its pointer. Data outside the repository (a URL) is not in the workspace and is not compared.
/// </summary>
public static class DvcWorkspace
{
    public static IReadOnlyList<TrackedData> Check(string dvcFile, string shown, CancellationToken cancellationToken = default) =>
        Check(dvcFile, shown, DotDvcFile.ReadAll(dvcFile, shown), cancellationToken);

    /// <summary>The same, for the <c>.dvc</c> file at <paramref name="dvcFile"/> already read (<paramref name="parsed"/>).</summary>
    internal static IReadOnlyList<TrackedData> Check(string dvcFile, string shown, DotDvcFile.Parsed parsed, CancellationToken cancellationToken = default)
    {
        var (wdir, outputs) = (parsed.Wdir, parsed.Outputs);
        var directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dvcFile))!, wdir ?? "");
        var shownDirectory = Join(Path.GetDirectoryName(shown)?.Replace('\\', '/'), wdir);
        var tracked = new List<TrackedData>();
        foreach (var (path, digest, dvc2) in outputs)
        {
            if (DvcEntry.IsOutsideRepository(path) || !digest.StartsWith("md5:", StringComparison.Ordinal))
            {
                continue;
            }

            var named = Join(shownDirectory, path);
            try
            {
                tracked.Add(Compare(Path.GetFullPath(Path.Combine(directory, path)), named, digest, dvc2, shown, cancellationToken));
            }
            catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                tracked.Add(new(named, null, $"{named} cannot be read as data ({e.Message}): looked up by what {shown} records only"));
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

    private static string Join(string? directory, string? path) =>
        string.Join('/', new[] { directory, path }.Where(p => p is { Length: > 0 } and not "."));
}
