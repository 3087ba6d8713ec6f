using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace Tollgate.Models.Tables;

/// <summary>
/// A column chunk's page headers walked before Parquet.Net reads the chunk: Parquet.Net allocates a page's stated
/// compressed (and uncompressed) size before reading it, so a damaged size in a page header was that much memory
/// (1.6 GB for a file of 6 KB). Here each header must be whole (<see cref="ParquetPageHeader"/>) and read to Parquet.Net
/// as it is written (<see cref="ParquetThriftFields"/>: it reads a known field by its type whatever the file states, so a
/// statistics value stated as an i32 of 2,000,000,000 was a length it allocated), each page must lie
/// within its chunk and its chunk within the file, a page may expand at most as far as DEFLATE can (1032 to 1), and the
/// data pages must hold the values the chunk states (short of them, Parquet.Net read on past the chunk); a Snappy page's
/// block may not state more bytes than its header's uncompressed size (Snappier allocates what the block states).
/// </summary>
internal static class ParquetChunkPages
{
    // DEFLATE's longest expansion, the most of any codec Parquet uses (zlib's technical details, https://zlib.net/zlib_tech.html).
    private const int MaxExpansion = 1032;

    // The most bytes one page header is read into: statistics of long text values, never megabytes.
    private const int MaxHeader = 16 << 20;

    /// <summary>Where the chunk lies (its first page, its length); throws <see cref="InvalidDataException"/> saying which page is damaged.</summary>
    public static (long Start, long Length) Check(SafeFileHandle file, ColumnMetaData chunk)
    {
        var fileLength = RandomAccess.GetLength(file);
        // Where Parquet.Net starts reading the chunk's pages: the least of its offsets that are not 0
        // (DataColumnReader.GetFileOffset, https://github.com/aloneguid/parquet-dotnet/blob/f09ff233ca5ae2b1b57e4ef38525dad78093f3c3/src/Parquet/File/DataColumnReader.cs#L114-L123).
        var start = new[] { chunk.DictionaryPageOffset ?? 0, chunk.DataPageOffset, chunk.IndexPageOffset ?? 0 }.Where(o => o != 0).DefaultIfEmpty(0).Min();
        if (start < 0 || chunk.TotalCompressedSize < 0 || chunk.TotalCompressedSize > fileLength - start)
        {
            throw new InvalidDataException($"its column chunk of {chunk.TotalCompressedSize} bytes at {start} is not within the file's {fileLength}");
        }

        long position = 0;
        long values = 0;
        for (var page = 1; position < chunk.TotalCompressedSize; page++)
        {
            var left = chunk.TotalCompressedSize - position;
            var header = Header(file, start + position, left, page, out var headerLength, out var held);
            position += headerLength;
            if (header.CompressedSize > chunk.TotalCompressedSize - position || header.UncompressedSize > ((long)header.CompressedSize * MaxExpansion) + 64)
            {
                throw new InvalidDataException($"page {page} states {header.CompressedSize} bytes ({header.UncompressedSize} uncompressed) where its column chunk holds {chunk.TotalCompressedSize - position} more");
            }

            if (chunk.Codec == CompressionCodec.SNAPPY && header.Type is ParquetPageHeader.DataPage or ParquetPageHeader.DictionaryPage
                && SnappyLength(file, start + position, held[headerLength..], header.CompressedSize) is { } stated && stated > header.UncompressedSize)
            {
                throw new InvalidDataException($"page {page}: its Snappy block states {stated} bytes where its header states {header.UncompressedSize} uncompressed");
            }

            position += header.CompressedSize;
            if (header.Type is ParquetPageHeader.DataPage or ParquetPageHeader.DataPageV2)
            {
                values += Math.Max(0, header.Values);
            }
        }

        // Parquet.Net reads pages until it has the chunk's values: short of them, it reads on past the chunk's end.
        if (values < chunk.NumValues)
        {
            throw new InvalidDataException($"its pages hold {values} values where its column chunk states {chunk.NumValues}");
        }

        return (start, chunk.TotalCompressedSize);
    }

    // The length a Snappy block states before its data (a varint, https://github.com/google/snappy/blob/main/format_description.txt),
    // which Snappier allocates before it decodes: a damaged one took 256 MB for a page of 120 bytes. Read from the bytes
    // the header's window already holds after it (`read`), from the file only when they are too few. Null when it does
    // not end within five bytes of the page (the decoder refuses it without allocating).
    private static long? SnappyLength(SafeFileHandle file, long at, ReadOnlySpan<byte> read, int size)
    {
        Span<byte> bytes = stackalloc byte[5];
        var want = Math.Min(5, Math.Max(0, size));
        int got;
        if (read.Length >= want)
        {
            read[..want].CopyTo(bytes);
            got = want;
        }
        else
        {
            got = RandomAccess.Read(file, bytes[..want], at);
        }

        long value = 0;
        for (var i = 0; i < got; i++)
        {
            value |= (long)(bytes[i] & 0x7F) << (7 * i);
            if (bytes[i] < 0x80)
            {
                return value;
            }
        }

        return null;
    }

    // The page header at `at`, read into a window that grows until it holds the header whole.
    private static ParquetPageHeader Header(SafeFileHandle file, long at, long left, int page, out int length, out ReadOnlySpan<byte> held)
    {
        for (var window = (int)Math.Min(left, 4096); ; window = (int)Math.Min(Math.Min(left, MaxHeader), (long)window * 4))
        {
            var bytes = new byte[window];
            var read = RandomAccess.Read(file, bytes, at);
            try
            {
                held = bytes.AsSpan(0, read);
                return ParquetPageHeader.Read(held, out length, "its header");
            }
            catch (InvalidDataException) when (read == window && window < Math.Min(left, MaxHeader))
            {
                // Cut short within this window: the next, larger one may hold it whole.
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"page {page}: {e.Message}");
            }
        }
    }
}
