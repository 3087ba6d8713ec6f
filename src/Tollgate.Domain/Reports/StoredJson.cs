using System.Buffers;
using System.Text;

namespace Tollgate.Domain.Reports;

/// <summary>
/// A JSON document as the ledger stores it: a string, or UTF-8 written in segments of 64 KiB
/// (<see cref="ReportJson.StoredFindings"/>). A plan that destroys 200,000 objects has ~60 MB of findings JSON; held
/// as segments it is never one 120 MB string, nor one array of its bytes, and the ledger writes the segments as they are.
/// </summary>
public sealed class StoredJson : IBufferWriter<byte>
{
    private const int SegmentBytes = 1 << 16;

    private readonly string? _text;
    private readonly List<(byte[] Bytes, int Length)> _segments = [];

    /// <summary>An empty document to write into (as an <see cref="IBufferWriter{T}"/>).</summary>
    public StoredJson()
    {
    }

    private StoredJson(string text) => _text = text;

    /// <summary>Its length in UTF-8 bytes.</summary>
    public long Utf8Length => _text is null ? _segments.Sum(s => (long)s.Length) : Encoding.UTF8.GetByteCount(_text);

    /// <summary>Whether it spans more than one segment: too large to be worth one string or one array.</summary>
    public bool IsLarge => _text is null && _segments.Count > 1;

    /// <summary>Its UTF-8 bytes, segment by segment.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Utf8Segments =>
        _text is null ? _segments.Select(s => new ReadOnlyMemory<byte>(s.Bytes, 0, s.Length)) : [Encoding.UTF8.GetBytes(_text)];

    public static StoredJson FromString(string text) => new(text);

    /// <summary>The document as one string (decoded once, at its exact length).</summary>
    public override string ToString()
    {
        if (_text is not null)
        {
            return _text;
        }

        var decoder = Encoding.UTF8.GetDecoder();
        var length = 0;
        for (var i = 0; i < _segments.Count; i++)
        {
            length += decoder.GetCharCount(_segments[i].Bytes, 0, _segments[i].Length, flush: i == _segments.Count - 1);
        }

        return string.Create(length, _segments, static (chars, segments) =>
        {
            var decoder = Encoding.UTF8.GetDecoder();
            for (var i = 0; i < segments.Count; i++)
            {
                var written = decoder.GetChars(segments[i].Bytes.AsSpan(0, segments[i].Length), chars, flush: i == segments.Count - 1);
                chars = chars[written..];
            }
        });
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        var (bytes, length) = _segments[^1];
        _segments[^1] = (bytes, length + count);
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint) => Free(sizeHint);

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => Free(sizeHint).Span;

    private Memory<byte> Free(int sizeHint)
    {
        if (_text is not null)
        {
            throw new InvalidOperationException("a document made from a string is not written to");
        }

        sizeHint = Math.Max(sizeHint, 1);
        if (_segments.Count == 0 || _segments[^1].Bytes.Length - _segments[^1].Length < sizeHint)
        {
            _segments.Add((new byte[Math.Max(sizeHint, SegmentBytes)], 0));
        }

        var (bytes, length) = _segments[^1];
        return bytes.AsMemory(length);
    }
}
