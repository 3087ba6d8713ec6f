namespace Tollgate.Testing;

/// <summary>
/// A regular file that cannot be opened for reading, root included (tests often run as root, which reads any file
/// whatever its mode): a link to a write-only kernel setting. Only ever read through, never written.
/// </summary>
public static class UnreadableFile
{
    public const string Target = "/proc/sys/vm/drop_caches";

    /// <summary>Makes <paramref name="path"/> a link to <see cref="Target"/> and returns it.</summary>
    public static string At(string path)
    {
        File.CreateSymbolicLink(path, Target);
        return path;
    }
}
