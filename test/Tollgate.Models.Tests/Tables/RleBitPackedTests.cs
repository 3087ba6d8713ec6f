using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

public sealed class RleBitPackedTests
{
    [Fact]
    public void Decode_FormatSpecExample_GivesZeroToSeven()
    {
        // The format's own example: 0..7 bit-packed in 3 bits, one group of eight.
        var output = new int[8];
        RleBitPacked.Decode([0x03, 0x88, 0xC6, 0xFA], 3, output);
        output.ShouldBe([0, 1, 2, 3, 4, 5, 6, 7]);
    }

    [Fact]
    public void Decode_RunThenPackedGroup_GivesBoth()
    {
        // A run of five 4s (width 3: one byte for the value), then a packed group cut at three values.
        var output = new int[8];
        RleBitPacked.Decode([0x0A, 0x04, 0x03, 0x88, 0xC6, 0xFA], 3, output);
        output.ShouldBe([4, 4, 4, 4, 4, 0, 1, 2]);
    }

    [Fact]
    public void Decode_WidthOutOfRange_IsInvalidData()
    {
        Should.Throw<InvalidDataException>(() => RleBitPacked.Decode([0x02, 0x00], 33, new int[1]));
    }

    [Fact]
    public void Decode_CutShort_IsInvalidData()
    {
        Should.Throw<InvalidDataException>(() => RleBitPacked.Decode([0x03, 0x88], 3, new int[8]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 1000)]
    [InlineData(5, 13)]
    [InlineData(7, 999)]
    [InlineData(12, 4096)]
    [InlineData(17, 301)]
    [InlineData(24, 77)]
    [InlineData(31, 64)]
    [InlineData(32, 65)]
    public void Decode_RandomRunsAndGroups_GivesTheEncodedValues(int width, int count)
    {
        var random = new Random(width * 1000 + count);
        var values = new List<int>();
        var encoded = new List<byte>();
        var max = width == 32 ? int.MaxValue : (1L << width) - 1;
        while (values.Count < count)
        {
            if (random.Next(2) == 0)
            {
                var run = random.Next(1, 40);
                var value = (int)random.NextInt64(0, max + 1);
                Varint(encoded, (ulong)run << 1);
                for (var b = 0; b < (width + 7) / 8; b++)
                {
                    encoded.Add((byte)(value >> (8 * b)));
                }

                values.AddRange(Enumerable.Repeat(value, run));
            }
            else
            {
                var groups = random.Next(1, 6);
                var packed = Enumerable.Range(0, groups * 8).Select(_ => (int)random.NextInt64(0, max + 1)).ToArray();
                Varint(encoded, ((ulong)groups << 1) | 1);
                encoded.AddRange(Pack(packed, width));
                values.AddRange(packed);
            }
        }

        var output = new int[count];
        RleBitPacked.Decode(encoded.ToArray(), width, output);
        output.ShouldBe(values.Take(count));
    }

    // Bit by bit, least significant first: the plain reading of the format, independent of the decoder's shortcuts.
    private static byte[] Pack(int[] values, int width)
    {
        var bytes = new byte[values.Length * width / 8];
        for (var i = 0; i < values.Length; i++)
        {
            for (var b = 0; b < width; b++)
            {
                if (((values[i] >> b) & 1) != 0)
                {
                    var bit = (i * width) + b;
                    bytes[bit / 8] |= (byte)(1 << (bit % 8));
                }
            }
        }

        return bytes;
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }
}
