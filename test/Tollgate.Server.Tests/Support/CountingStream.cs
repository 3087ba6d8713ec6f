namespace Tollgate.Server.Tests.Support;

/// <summary>A body of <c>length</c> spaces made as it is read, counting how much the server pulled.</summary>
public sealed class CountingStream(long length) : Stream
{
    private long _read;

    public long Pulled => Interlocked.Read(ref _read);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => Pulled; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - Pulled);
        Array.Fill(buffer, (byte)' ', offset, n);
        Interlocked.Add(ref _read, n);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
