using System.Buffers.Binary;

namespace Tollgate.Models.Tables;

/// <summary>
/// Parquet's RLE / bit-packed hybrid encoding (definition levels and dictionary indices): runs of one repeated value
/// and groups of eight values packed in <c>width</c> bits each, least significant bit first.
/// </summary>
internal static class RleBitPacked
{
    /// <summary>Decodes <paramref name="output"/>.Length values of <paramref name="width"/> bits (0 to 32).</summary>
    public static void Decode(ReadOnlySpan<byte> input, int width, Span<int> output)
    {
        if (width is < 0 or > 32)
        {
            throw new InvalidDataException($"a Parquet page has a bit width of {width}");
        }

        var bytesPerValue = (width + 7) / 8;
        var at = 0;
        var filled = 0;
        while (filled < output.Length)
        {
            var header = Varint(input, ref at);
            if ((header & 1) == 0)
            {
                var run = (int)Math.Min(header >> 1, (ulong)(output.Length - filled));
                if (at + bytesPerValue > input.Length)
                {
                    throw new InvalidDataException("a Parquet page's run is cut short");
                }

                var value = 0;
                for (var b = 0; b < bytesPerValue; b++)
                {
                    value |= input[at + b] << (8 * b);
                }

                at += bytesPerValue;
                output.Slice(filled, run).Fill(value);
                filled += run;
            }
            else
            {
                // Groups beyond the values still wanted are skipped, however many a damaged header claims.
                var groups = (long)Math.Min(header >> 1, int.MaxValue);
                var count = (int)Math.Min(groups * 8, output.Length - filled);
                if (at + ((((long)count * width) + 7) / 8) > input.Length)
                {
                    throw new InvalidDataException("a Parquet page's bit-packed values are cut short");
                }

                Unpack(input[at..], width, output.Slice(filled, count));
                at += (int)Math.Min(groups * width, input.Length - at);
                filled += count;
            }
        }
    }

    private static void Unpack(ReadOnlySpan<byte> input, int width, Span<int> output)
    {
        if (width == 0)
        {
            output.Clear();
            return;
        }

        var mask = (1UL << width) - 1;
        var i = 0;

        // Eight bytes read at once hold any value of up to 32 bits at any bit offset, while eight bytes remain.
        for (; i < output.Length && ((((long)i * width) >> 3) + 8) <= input.Length; i++)
        {
            var bit = (long)i * width;
            output[i] = (int)((BinaryPrimitives.ReadUInt64LittleEndian(input[(int)(bit >> 3)..]) >> (int)(bit & 7)) & mask);
        }

        for (; i < output.Length; i++)
        {
            var bit = (long)i * width;
            ulong window = 0;
            var start = (int)(bit >> 3);
            for (var b = 0; b < 8 && start + b < input.Length; b++)
            {
                window |= (ulong)input[start + b] << (8 * b);
            }

            output[i] = (int)((window >> (int)(bit & 7)) & mask);
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> input, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= input.Length)
            {
                throw new InvalidDataException("a Parquet page's run header is cut short");
            }

            var b = input[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a Parquet page has a malformed run header");
    }
}
