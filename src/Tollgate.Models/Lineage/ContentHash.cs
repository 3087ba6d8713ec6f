using System.Security.Cryptography;

namespace Tollgate.Models.Lineage;

/// <summary>SHA-256 over a file's full content, streamed in 1 MiB reads (never MLflow's first-10,000-rows digest).</summary>
public static class ContentHash
{
    public static ReadOnlyMemory<byte> OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return SHA256.HashData(stream);
    }

    public static string HexOfFile(string path) => Convert.ToHexStringLower(OfFile(path).Span);
}
