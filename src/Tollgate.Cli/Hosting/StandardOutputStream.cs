using System.Runtime.InteropServices;
using Tollgate.Domain;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// Standard output written with write(2), so a closed pipe (<c>tollgate plan … | true</c>), a closed descriptor
/// (<c>&gt;&amp;-</c>) or a full disk (<c>&gt; /dev/full</c>) is one clear input error (exit 3). .NET's console
/// stream drops EPIPE silently, and a report nobody received must not look delivered.
/// </summary>
internal sealed class StandardOutputStream : Stream
{
    private const int Descriptor = 1;
    private const int Interrupted = 4; // EINTR
    private const int WouldBlock = 11; // EAGAIN
    private const int BrokenPipe = 32; // EPIPE
    private const int BadDescriptor = 9; // EBADF

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>False when descriptor 1 is closed (<c>&gt;&amp;-</c>): checked before anything opens a file that could take its number.</summary>
    public static bool IsOpen()
    {
        byte nothing = 0;
        return Write(Descriptor, ref nothing, 0) >= 0 || Marshal.GetLastPInvokeError() != BadDescriptor;
    }

    /// <summary>Whether <paramref name="e"/> is a write to a pipe whose reader had exited (EPIPE): the reader stopped reading, nothing else failed.</summary>
    public static bool IsClosedByReader(InvalidInputException e) => e.InnerException is IOException { HResult: BrokenPipe };

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var written = Write(Descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == Interrupted)
            {
                continue;
            }

            if (error == WouldBlock)
            {
                Thread.Sleep(1);
                continue;
            }

            if (error == BrokenPipe)
            {
                const string closed = "standard output was closed before the report was written (the program reading it exited)";
                throw new InvalidInputException(closed, new IOException(closed, BrokenPipe));
            }

            throw new InvalidInputException(error switch
            {
                BadDescriptor => "standard output is closed: redirect it to a file or /dev/null, or use --output FILE",
                _ => $"cannot write the report to standard output: {Marshal.GetPInvokeErrorMessage(error)}",
            });
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Write(int descriptor, ref byte buffer, nint count);
}
