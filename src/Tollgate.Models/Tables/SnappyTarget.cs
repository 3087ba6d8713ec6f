using System.Buffers;
using System.Runtime.InteropServices;

namespace Tollgate.Models.Tables;

/// <summary>
/// Where one Snappy block of a Parquet page is decompressed to: a run of a column's doubles seen as bytes, or the
/// start of a pooled byte buffer. Snappier writes a block given an <see cref="IBufferWriter{T}"/> straight into the
/// memory it hands out, so the values land in the column without a copy. It offers exactly the region it was made
/// for; a block that claims to be larger is refused (<see cref="ArgumentException"/>).
/// </summary>
internal sealed class SnappyTarget : MemoryManager<byte>, IBufferWriter<byte>
{
    private readonly double[]? doubles;
    private readonly byte[]? bytes;
    private readonly int start;
    private readonly int length;

    public SnappyTarget(double[] doubles, int start, int count)
    {
        this.doubles = doubles;
        this.start = start;
        length = checked(count * sizeof(double));
    }

    public SnappyTarget(byte[] bytes, int length)
    {
        this.bytes = bytes;
        this.length = length;
    }

    /// <summary>Bytes the decompressor reported written.</summary>
    public int Written { get; private set; }

    public override Span<byte> GetSpan() =>
        bytes is not null ? bytes.AsSpan(0, length) : MemoryMarshal.AsBytes(doubles.AsSpan(start, length / sizeof(double)));

    public override MemoryHandle Pin(int elementIndex = 0) =>
        throw new NotSupportedException("a Snappy target is written through its span, never pinned");

    public override void Unpin()
    {
    }

    public void Advance(int count) =>
        Written = count >= 0 && count <= length - Written ? Written + count : throw new ArgumentOutOfRangeException(nameof(count));

    public Memory<byte> GetMemory(int sizeHint = 0) =>
        sizeHint <= length - Written ? Memory[Written..] : throw new ArgumentException($"a Snappy block of {sizeHint} bytes, {length - Written} expected", nameof(sizeHint));

    public Span<byte> GetSpan(int sizeHint) => GetMemory(sizeHint).Span;

    protected override void Dispose(bool disposing)
    {
    }
}
