using System.Text;

namespace Tollgate.Domain.Reports;

/// <summary>
/// A write-only stream of UTF-8 into a <see cref="TextWriter"/>, so a report of any size is written as it is made
/// instead of first as one buffer of bytes and then one string. A <see cref="StreamWriter"/> is flushed and its own stream written directly.
/// </summary>
public sealed class TextWriterStream : Stream
{
    private readonly TextWriter _writer;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = [];

    private TextWriterStream(TextWriter writer) => _writer = writer;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The bytes of a UTF-8 <see cref="StreamWriter"/>'s stream (after a flush), else a decoding adapter.</summary>
    public static Stream Over(TextWriter writer)
    {
        if (writer is StreamWriter { Encoding: UTF8Encoding } stream && stream.Encoding.GetPreamble().Length == 0)
        {
            stream.Flush();
            return new TextWriterStream(writer) { Direct = stream.BaseStream };
        }

        return new TextWriterStream(writer);
    }

    private Stream? Direct { get; init; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Direct is not null)
        {
            Direct.Write(buffer);
            return;
        }

        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, 1 << 14)];
        }

        var written = _decoder.GetChars(buffer, _chars, flush: false);
        _writer.Write(_chars, 0, written);
    }

    public override void Flush()
    {
        if (Direct is not null)
        {
            Direct.Flush();
        }
        else
        {
            _writer.Flush();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
