using System.Buffers.Binary;
using System.IO.Compression;

namespace Tollgate.Models.Tables;

/// <summary>
/// A gzip file's text, checked when it ends: the decompressor reads a file cut short as far as it goes and stops
/// without a word, so a table cut at a record's end would be judged on part of its rows. At the end the text's length
/// must match the size the gzip trailer records (RFC 1952: ISIZE, the length modulo 2^32); otherwise
/// <see cref="InvalidDataException"/>. A file of several gzip members joined (the trailer gives only the last's size)
/// is refused the same way, with the advice to decompress it first.
/// </summary>
internal sealed class GzipText : Stream
{
    private readonly GZipStream inner;
    private readonly uint recorded;
    private long length;
    private bool checkedEnd;

    public GzipText(FileStream file)
    {
        Span<byte> trailer = stackalloc byte[4];
        file.Position = Math.Max(0, file.Length - 4);
        file.ReadAtLeast(trailer, trailer.Length, throwOnEndOfStream: false);
        recorded = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        file.Position = 0;
        inner = new GZipStream(file, CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => length; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException)
        {
            // The decompressor's own message is a resource key in the Native AOT binary ("UnsupportedCompression"):
            // what it means for the file, in words.
            throw new InvalidDataException($"its compressed data is damaged after {length} bytes of text; the file was not written whole, or is not gzip");
        }

        length += read;
        if (read == 0 && !buffer.IsEmpty && !checkedEnd)
        {
            checkedEnd = true;
            if ((uint)length != recorded)
            {
                throw new InvalidDataException($"its text ends after {length} bytes where its trailer records {recorded} (mod 2^32): the file is cut short, or several gzip streams joined; decompress it first (gunzip -k)");
            }
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
