namespace Tollgate.Models.Tables;

/// <summary>
/// A Parquet file as Parquet.Net reads it, with a window: while a column chunk is read (<see cref="Open"/>), bytes
/// outside that chunk read as the end of the file. Parquet.Net reads a chunk's pages until it has the values the chunk
/// states; when a damaged page decodes to fewer, it reads on past the chunk's end, taking whatever follows (the next
/// column's bytes) for a page header, and a length there was memory it allocated (a gigabyte for a file of 6 KB).
/// <see cref="ParquetChunkPages"/> checks every header inside the chunk; this keeps Parquet.Net inside it, so it meets
/// the end instead and says so (<see cref="EndOfStreamException"/>).
/// </summary>
internal sealed class ChunkWindowStream(FileStream file) : Stream
{
    /// <summary>The file's handle, for reads at an offset (<see cref="RandomAccess"/>) that leave the stream's position as it is.</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle Handle => file.SafeFileHandle;

    private long start;
    private long end = long.MaxValue;

    /// <summary>Whether a read met the window's end since it was opened: Parquet.Net read on past the chunk.</summary>
    public bool Overran { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => file.Length;

    public override long Position { get => file.Position; set => Seek(value, SeekOrigin.Begin); }

    /// <summary>Bytes outside [<paramref name="from"/>, <paramref name="from"/> + <paramref name="length"/>) read as the end until the scope is disposed.</summary>
    public IDisposable Open(long from, long length)
    {
        (start, end, Overran) = (from, from + length, false);
        return new Closing(this);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => file.Read(buffer[..Within(buffer.Length)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        file.ReadAsync(buffer[..Within(buffer.Length)], cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Moves within the file; past its end is the end of the file met (<see cref="EndOfStreamException"/>). Parquet.Net
    /// skips a damaged footer's bytes by seeking, a byte at a time for a list of billions of bytes, without reading
    /// them: in a file of kilobytes that ran for minutes.
    /// </summary>
    public override long Seek(long offset, SeekOrigin origin)
    {
        var to = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => file.Position + offset, _ => file.Length + offset };
        return to < 0 || to > file.Length ? throw new EndOfStreamException($"a position {to} beyond the file's {file.Length} bytes") : file.Seek(to, SeekOrigin.Begin);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    // How many of `count` bytes from the position lie inside the window.
    private int Within(int count)
    {
        var position = file.Position;
        Overran |= count > 0 && position + count > end;
        return position < start || position >= end ? 0 : (int)Math.Min(count, end - position);
    }

    private sealed class Closing(ChunkWindowStream stream) : IDisposable
    {
        public void Dispose() => (stream.start, stream.end) = (0, long.MaxValue);
    }
}
