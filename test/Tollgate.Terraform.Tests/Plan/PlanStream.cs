namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A plan's bytes as a file (it can seek) or a pipe (it cannot) shows them to the reader, counting what is read and
/// each time it is rewound, so a test can tell a plan read once from one read again.
/// </summary>
public sealed class PlanStream(byte[] bytes, bool seekable) : Stream
{
    private long _position;

    /// <summary>Every byte read, a byte read again counted again.</summary>
    public long BytesRead { get; private set; }

    /// <summary>How often the position was set back.</summary>
    public int Rewinds { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => seekable;

    public override bool CanWrite => false;

    public override long Length => seekable ? bytes.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? _position : throw new NotSupportedException();
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, bytes.Length - _position);
        bytes.AsSpan((int)_position, n).CopyTo(buffer.AsSpan(offset));
        _position += n;
        BytesRead += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!seekable || origin != SeekOrigin.Begin)
        {
            throw new NotSupportedException();
        }

        Rewinds += offset < _position ? 1 : 0;
        return _position = offset;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
