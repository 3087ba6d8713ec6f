using System.Collections.Concurrent;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Reports;

/// <summary>
/// A regular file written whole or not at all: into a hidden file beside it (<c>.report.json.tollgate-…tmp</c>, same
/// directory, same file system), flushed to the disk, given the mode of the file it replaces, then renamed over it in
/// one step. A full disk, a file grown past the file-size limit (<see cref="FileTooLarge"/>), an error of the writer or
/// a cancellation (SIGTERM) removes the hidden file and leaves what was at the path as it was. A rename replaces the
/// name, not the file: another hard link to the old file (the ledger, an input) keeps its contents. Without
/// overwriting, the hidden file is moved in only if nothing is there (<see cref="NoReplaceMove"/>: a link, which fails
/// if the name exists), so of two writers racing for the same new name one wins. The directory is flushed after the rename
/// (<see cref="DirectorySync"/>), so the new name survives a power loss as the bytes do; so is each directory above it
/// that this write made (<c>-o reports/2026/plan.json</c> in a fresh checkout), where the new directory's own name is.
/// </summary>
internal static class StagedFile
{
    // Hidden files being written; the host removes them when it exits on a signal without waiting for their writers.
    private static readonly ConcurrentDictionary<string, byte> Unfinished = new(StringComparer.Ordinal);

    public static async Task WriteAsync(OutputTarget target, Func<Stream, CancellationToken, Task> write, bool overwrite, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(target.File)!;
        var made = MissingDirectories.Of(directory);
        Directory.CreateDirectory(directory);
        if (target.Exists && !overwrite)
        {
            throw new IOException(null, 17); // EEXIST: "it already exists", before anything is written
        }

        target.CheckWritable();
        UnixFileMode? mode = target.Exists && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(target.File) : null;
        cancellationToken.ThrowIfCancellationRequested();
        var staged = Path.Combine(directory, HiddenName(target.File));
        Unfinished.TryAdd(staged, 0);
        try
        {
            var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            try
            {
                await write(new InterruptibleStream(file, cancellationToken), cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                await FileTooLarge.GuardAsync(() =>
                {
                    file.Flush(flushToDisk: true);
                    return ValueTask.CompletedTask;
                });
            }
            finally
            {
                // Closing writes what is still buffered, which the file-size limit may refuse as well.
                await FileTooLarge.GuardAsync(file.DisposeAsync);
            }

            if (mode is { } kept && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staged, kept);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (overwrite)
            {
                File.Move(staged, target.File, overwrite: true);
            }
            else
            {
                NoReplaceMove.Move(staged, target.File);
            }
        }
        catch
        {
            Remove(staged);
            throw;
        }
        finally
        {
            Unfinished.TryRemove(staged, out _);
        }

        DirectorySync.Flush(directory); // the rename itself, through a power loss
        foreach (var parent in made.Select(Path.GetDirectoryName))
        {
            DirectorySync.Flush(parent!); // the name of a directory this write made
        }
    }

    /// <summary>
    /// Removes every hidden file still being written: the host calls it before it exits on SIGTERM or SIGINT without
    /// waiting for the writer (a flush to a slow disk), so no hidden file is left. A writer that renames first has
    /// finished its file; one that renames after finds nothing to rename and leaves the old file.
    /// </summary>
    public static void RemoveUnfinished()
    {
        foreach (var staged in Unfinished.Keys)
        {
            Remove(staged);
        }
    }

    /// <summary>".NAME.tollgate-RANDOM.tmp": hidden, named after what it will replace (the name cut to stay within 255 bytes).</summary>
    internal static string HiddenName(string file)
    {
        var name = Path.GetFileName(file);
        var kept = name.Length <= 64 ? name : name[..(char.IsHighSurrogate(name[63]) ? 63 : 64)];
        return $".{kept}.tollgate-{Guid.NewGuid():N}.tmp";
    }

    private static void Remove(string staged)
    {
        try
        {
            File.Delete(staged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its directory went away or was made read-only meanwhile: there is nothing more this process can do.
        }
    }
}
