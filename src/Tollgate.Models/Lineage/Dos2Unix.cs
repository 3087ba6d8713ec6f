namespace Tollgate.Models.Lineage;

/// <summary>
/// DVC 2's md5 of a file (<c>md5-dos2unix</c> in DVC 3's words), which an output without <c>hash: md5</c> carries:
/// the file is read in chunks of 1 MiB; if the first 512 bytes look like text (<see cref="IsText"/>), every CRLF
/// inside a chunk is hashed as LF, else the bytes are hashed as they are. The decision is taken once, on the first
/// chunk, and a CRLF split across two chunks stays as it is. Read from dvc-data before DVC 3 dropped it
/// (https://github.com/iterative/dvc-data/blob/5377d6357094d78989e039cea076489521bfd7fc/src/dvc_data/hashfile/hash.py,
/// <c>HashStreamFile.read</c>, <c>fobj_md5</c> with <c>chunk_size=2**20</c>, <c>dos2unix</c>;
/// https://github.com/iterative/dvc-data/blob/b9ec41c4a59faaa1e0a181344db146ba110360ff/src/dvc_data/hashfile/istextfile.py,
/// <c>istextblock</c>) and DVC's reading of a 2.x output (https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/output.py#L406-L415,
/// <c>_compute_hash_info_from_meta</c>: no <c>hash</c> field is a 2.x output hashed <c>md5-dos2unix</c>).
/// </summary>
public static class Dos2Unix
{
    /// <summary>The chunk DVC 2 read and normalised at a time (<c>fobj_md5</c>'s <c>chunk_size</c>).</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>How much of the first chunk decides text or binary (<c>istextfile.DEFAULT_CHUNK_SIZE</c>).</summary>
    public const int HeadBytes = 512;

    /// <summary>
    /// DVC's <c>istextblock</c>: empty is text; a NUL byte is binary; else text when at most 30% of the bytes are
    /// outside printable ASCII (32–126) and <c>\n \r \t \f \b</c>. Bytes of UTF-8 beyond ASCII count as not text.
    /// </summary>
    public static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return true;
        }

        if (head.Contains((byte)0))
        {
            return false;
        }

        var nonText = 0;
        foreach (var b in head)
        {
            if (b is not ((>= 32 and <= 126) or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or (byte)'\b'))
            {
                nonText++;
            }
        }

        return (double)nonText / head.Length <= 0.30;
    }

    /// <summary><paramref name="chunk"/> with each CRLF as LF, written to <paramref name="into"/> (as long at least); the length written.</summary>
    public static int Normalise(ReadOnlySpan<byte> chunk, Span<byte> into)
    {
        var written = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            if (chunk[i] == (byte)'\r' && i + 1 < chunk.Length && chunk[i + 1] == (byte)'\n')
            {
                continue;
            }

            into[written++] = chunk[i];
        }

        return written;
    }
}
