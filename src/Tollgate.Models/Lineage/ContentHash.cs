using System.Security.Cryptography;

namespace Tollgate.Models.Lineage;

/// <summary>SHA-256 over a file's full content, streamed by one reader, <see cref="Read"/> (never MLflow's first-10,000-rows digest).</summary>
public static class ContentHash
{
    /// <summary>The file's SHA-256, from the one streamed reader (<see cref="Read"/>).</summary>
    public static ReadOnlyMemory<byte> OfFile(string path) => Convert.FromHexString(HexOfFile(path));

    /// <summary>The file's SHA-256 as lowercase hex, from the one streamed reader (<see cref="Read"/>).</summary>
    public static string HexOfFile(string path) => Read(path, md5: false).Sha256;

    /// <summary>
    /// SHA-256 and MD5 of a file's full content in one streamed read, as hex: MD5 is how DVC addresses the same content
    /// (<c>hash: md5</c>), so data on disk can be matched to what a <c>.dvc</c> file or <c>dvc.lock</c> pinned. With
    /// <paramref name="dvc2"/> the MD5 is DVC 2's (<see cref="Dos2Unix"/>: a text file's CRLF hashed as LF); the
    /// SHA-256 is always of the bytes as they are.
    /// </summary>
    public static (string Sha256, string Md5) HexesOfFile(string path, bool dvc2 = false)
    {
        var (sha256, md5, _) = Read(path, md5: true, dvc2);
        return (sha256, md5!);
    }

    /// <summary>
    /// The file's SHA-256 (and, with <paramref name="md5"/>, its MD5 as <see cref="HexesOfFile"/>) and the number of
    /// bytes hashed, from one open and one streamed read: a dataset's size is what its digest read, a link followed.
    /// </summary>
    public static (string Sha256, string? Md5, long Bytes) Read(string path, bool md5, bool dvc2 = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
#pragma warning disable CA5351 // MD5 is DVC's address of the content, compared, never trusted for integrity
        using var dvc = md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
#pragma warning restore CA5351
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Dos2Unix.ChunkBytes);
        var normalised = dvc2 && md5 ? System.Buffers.ArrayPool<byte>.Shared.Rent(Dos2Unix.ChunkBytes) : null;
        long bytes = 0;
        try
        {
            bool? text = null;
            int read;
            while ((read = stream.ReadAtLeast(buffer.AsSpan(0, Dos2Unix.ChunkBytes), Dos2Unix.ChunkBytes, throwOnEndOfStream: false)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                bytes += read;
                sha256.AppendData(chunk);
                if (dvc is not null)
                {
                    text ??= normalised is not null && Dos2Unix.IsText(chunk[..Math.Min(read, Dos2Unix.HeadBytes)]);
                    dvc.AppendData(text == true ? normalised.AsSpan(0, Dos2Unix.Normalise(chunk, normalised)) : chunk);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            if (normalised is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(normalised);
            }
        }

        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), dvc is null ? null : Convert.ToHexStringLower(dvc.GetHashAndReset()), bytes);
    }
}
