using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;

namespace Tollgate.Models.Lineage;

/// <summary>
/// SHA-256 over a file's full content, streamed (never MLflow's first-10,000-rows digest). A large regular file is
/// hashed from the page cache through mapped windows of <see cref="Window"/> bytes, not copied into a buffer first:
/// the copy cost as much CPU as a third of the hashing. The file must not shrink while it is hashed.
/// </summary>
public static class ContentHash
{
    /// <summary>Files from this size on are hashed through mapped windows.</summary>
    public const long Mapped = 16 << 20;

    /// <summary>Bytes mapped at a time (each window is unmapped once hashed, so its pages leave the process).</summary>
    public const long Window = 64 << 20;

    public static ReadOnlyMemory<byte> OfFile(string path) => OfFile(path, Window);

    /// <summary>The same, mapping <paramref name="window"/> bytes at a time (a multiple of the page size).</summary>
    internal static ReadOnlyMemory<byte> OfFile(string path, long window)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        if (!stream.CanSeek || stream.Length < Mapped)
        {
            return SHA256.HashData(stream);
        }

        var length = stream.Length;
        using var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long at = 0; at < length; at += window)
        {
            var size = Math.Min(window, length - at);
            using var view = file.CreateViewAccessor(at, size, MemoryMappedFileAccess.Read);
            Append(hash, view, (int)size);
        }

        return hash.GetHashAndReset();
    }

    public static string HexOfFile(string path) => Convert.ToHexStringLower(OfFile(path).Span);

    private static unsafe void Append(IncrementalHash hash, MemoryMappedViewAccessor view, int size)
    {
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            hash.AppendData(new ReadOnlySpan<byte>(start + view.PointerOffset, size));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
