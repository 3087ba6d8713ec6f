using System.Security.Cryptography;

namespace Tollgate.Models.Tables;

/// <summary>
/// SHA-256 of a file made from the pieces its reader has already loaded (<see cref="CsvBlocks.TryScan"/>), so the
/// file is read once for both: pieces arrive from several threads, each waits until the bytes before it are hashed,
/// and the digest is whole only when the pieces covered the file from its first byte to its last.
/// </summary>
internal sealed class OrderedDigest(long length) : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long hashed;
    private volatile bool abandoned;

    /// <summary>
    /// Hashes <paramref name="bytes"/>, the file's bytes from <paramref name="offset"/>, once everything before them is
    /// hashed. False, without waiting further, once the digest is abandoned or the scan cancelled.
    /// </summary>
    public bool Append(long offset, ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        var spin = default(SpinWait);
        while (Volatile.Read(ref hashed) != offset)
        {
            if (abandoned || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            spin.SpinOnce();
        }

        hash.AppendData(bytes);
        Volatile.Write(ref hashed, offset + bytes.Length);
        return true;
    }

    /// <summary>Gives up (a scan that stops early): no one waits for bytes that will not come.</summary>
    public void Abandon() => abandoned = true;

    /// <summary>The digest of the whole file; null when it was abandoned or did not reach the file's end.</summary>
    public byte[]? Result() => !abandoned && Volatile.Read(ref hashed) == length ? hash.GetHashAndReset() : null;

    public void Dispose() => hash.Dispose();
}
