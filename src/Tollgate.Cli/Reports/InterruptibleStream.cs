namespace Tollgate.Cli.Reports;

/// <summary>
/// A file being written that stops at the next write once <paramref name="cancellationToken"/> is cancelled (SIGTERM,
/// SIGINT), for writers that take no token (the JSON report is written as it is made, 86 MB for a plan of 200,000
/// deletes). A large write is passed on in slices of 1 MB, each after a look at the token. A write or flush past the
/// file-size limit fails as errno 27 (<see cref="FileTooLarge"/>). Disposing it leaves the file to its owner.
/// </summary>
internal sealed class InterruptibleStream(Stream file, CancellationToken cancellationToken) : Stream
{
    private const int Slice = 1 << 20;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = buffer[..Math.Min(buffer.Length, Slice)];
            try
            {
                file.Write(slice);
            }
            catch (ArgumentOutOfRangeException e) when (FileTooLarge.Is(e))
            {
                throw FileTooLarge.Error();
            }

            buffer = buffer[slice.Length..];
        }
        while (buffer.Length > 0);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        WriteAsync(buffer.AsMemory(offset, count), token).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken token = default)
    {
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = buffer[..Math.Min(buffer.Length, Slice)];
            await FileTooLarge.GuardAsync(() => file.WriteAsync(slice, token));
            buffer = buffer[slice.Length..];
        }
        while (buffer.Length > 0);
    }

    public override void Flush()
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            file.Flush();
        }
        catch (ArgumentOutOfRangeException e) when (FileTooLarge.Is(e))
        {
            throw FileTooLarge.Error();
        }
    }

    public override Task FlushAsync(CancellationToken token)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return FileTooLarge.GuardAsync(() => new ValueTask(file.FlushAsync(token))).AsTask();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
