using System.Text;

namespace Tollgate.Canary.Sources;

/// <summary>
/// A recording that a long-running host judges from again and again (<c>tollgate serve</c>'s replayed specs), as a
/// <see cref="ReplaySnapshot"/> of its files: at most once per <paramref name="recheck"/> the directory is listed and
/// every file's name, size and modification time compared with the snapshot's, and a file written, added or removed
/// starts a new snapshot with nothing remembered. Within one snapshot, answers are read and parsed once and the canary
/// evidence of one filled spec and window built once (all pure functions of unchanged files).
/// </summary>
public sealed class ReplayRecording(string directory, TimeProvider clock, TimeSpan recheck)
{
    /// <summary>How often a server looks at the files again: a change is seen within this long.</summary>
    public static readonly TimeSpan DefaultRecheck = TimeSpan.FromSeconds(1);

    private ReplaySnapshot? _current;
    private long _checkedAt;

    public string Directory => directory;

    /// <summary>The recording as its files are now, or as they were at most <paramref name="recheck"/> ago.</summary>
    public ReplaySnapshot Current()
    {
        var current = Volatile.Read(ref _current);
        var now = clock.GetTimestamp();
        if (current is not null && clock.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < recheck)
        {
            return current;
        }

        var stamp = Stamp(directory);
        Volatile.Write(ref _checkedAt, now);
        if (current is not null && string.Equals(current.Stamp, stamp, StringComparison.Ordinal))
        {
            return current;
        }

        var fresh = new ReplaySnapshot(directory, stamp);
        Volatile.Write(ref _current, fresh);
        return fresh;
    }

    /// <summary>Name, size and modification time (100 ns ticks) of every file, in name order: what the answers depend on.</summary>
    private static string Stamp(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return "";
        }

        var files = new DirectoryInfo(directory).GetFiles();
        Array.Sort(files, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var stamp = new StringBuilder(files.Length * 48);
        foreach (var file in files)
        {
            stamp.Append(file.Name).Append(':').Append(file.Length).Append(':').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return stamp.ToString();
    }
}
