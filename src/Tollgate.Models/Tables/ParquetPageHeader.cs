namespace Tollgate.Models.Tables;

/// <summary>
/// The fields of a Parquet page header that a column of doubles needs, read from its Thrift compact encoding
/// (the format's <c>PageHeader</c>, <c>DataPageHeader</c>, <c>DictionaryPageHeader</c>). Fields it does not use
/// (statistics, CRC, the headers of index and version 2 pages) are skipped.
/// </summary>
internal readonly record struct ParquetPageHeader(
    int Type, int UncompressedSize, int CompressedSize, int Values, int Encoding, int DefinitionEncoding)
{
    public const int DataPage = 0;
    public const int DictionaryPage = 2;
    public const int DataPageV2 = 3;

    /// <summary>Reads a header from the start of <paramref name="bytes"/>; <paramref name="length"/> is its size.</summary>
    public static ParquetPageHeader Read(ReadOnlySpan<byte> bytes, out int length)
    {
        var reader = new Compact(bytes, "a Parquet page header");
        int type = -1, uncompressed = -1, compressed = -1;
        var values = -1;
        int encoding = -1, definitionEncoding = 3;
        short last = 0;
        while (reader.Field(ref last, out var kind) is var id and not 0)
        {
            switch (id, kind)
            {
                case (1, Compact.I32): type = reader.Int(); break;
                case (2, Compact.I32): uncompressed = reader.Int(); break;
                case (3, Compact.I32): compressed = reader.Int(); break;
                case (5 or 7 or 8, Compact.Struct):
                    short inner = 0;
                    while (reader.Field(ref inner, out var innerKind) is var field and not 0)
                    {
                        switch (id, field, innerKind)
                        {
                            case (_, 1, Compact.I32): values = reader.Int(); break;
                            case (5 or 7, 2, Compact.I32): encoding = reader.Int(); break;
                            case (5, 3, Compact.I32): definitionEncoding = reader.Int(); break;
                            default: reader.Skip(innerKind, 1); break;
                        }
                    }

                    break;
                default: reader.Skip(kind, 0); break;
            }
        }

        if (type < 0 || uncompressed < 0 || compressed < 0)
        {
            throw new InvalidDataException("a Parquet page header lacks its type or sizes");
        }

        length = reader.Position;
        return new ParquetPageHeader(type, uncompressed, compressed, values, encoding, definitionEncoding);
    }

    // Thrift's compact protocol: field headers with id deltas, zigzag varints, nested structs ended by a stop byte.
    private ref struct Compact(ReadOnlySpan<byte> bytes, string what)
    {
        public const int True = 1;
        public const int False = 2;
        public const int I32 = 5;
        public const int Struct = 12;

        // How deep structs and containers may nest: Apache Thrift's default recursion limit (TConfiguration's
        // RecursionLimit, https://github.com/apache/thrift/blob/master/doc/specs/thrift-tconfiguration.md), so a
        // damaged header of nested struct openings ends in an error, not a stack overflow.
        private const int MaxDepth = 64;

        private readonly ReadOnlySpan<byte> bytes = bytes;
        private readonly string what = what;

        public int Position { get; private set; }

        // The next field's id (0 at the end of a struct) and its type.
        public short Field(ref short last, out int kind)
        {
            var header = Byte();
            kind = header & 0x0f;
            if (kind == 0)
            {
                return 0;
            }

            last = (header >> 4) is var delta and not 0 ? (short)(last + delta) : (short)ZigZag(Varint());
            return last;
        }

        public int Int() => (int)ZigZag(Varint());

        public void Skip(int kind, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidDataException($"{what} nests deeper than {MaxDepth} levels");
            }

            switch (kind)
            {
                case True or False: break;
                case 3: Byte(); break;
                case 4 or 5 or 6: Varint(); break;
                case 7: Advance(8); break;
                case 8: Advance(Length()); break;
                case 9 or 10:
                    var list = Byte();
                    var count = (list >> 4) is var small and not 15 ? small : Length();
                    for (var i = 0; i < count; i++)
                    {
                        SkipElement(list & 0x0f, depth + 1);
                    }

                    break;
                case 11:
                    var entries = Length();
                    if (entries > 0)
                    {
                        var types = Byte();
                        for (var i = 0; i < entries; i++)
                        {
                            SkipElement(types >> 4, depth + 1);
                            SkipElement(types & 0x0f, depth + 1);
                        }
                    }

                    break;
                case Struct:
                    short last = 0;
                    while (Field(ref last, out var inner) != 0)
                    {
                        Skip(inner, depth + 1);
                    }

                    break;
                default: throw new InvalidDataException($"{what} has an unknown Thrift type {kind}");
            }
        }

        // Inside lists and maps a boolean is a byte of its own.
        private void SkipElement(int kind, int depth)
        {
            if (kind is True or False)
            {
                Byte();
            }
            else
            {
                Skip(kind, depth);
            }
        }

        // A binary's length or a container's count: each byte or element takes at least a byte, so more than the
        // header's bytes is damage (not an overflow, nor a loop of two billion elements).
        private int Length()
        {
            var value = Varint();
            return value <= (ulong)(bytes.Length - Position)
                ? (int)value
                : throw new InvalidDataException($"{what} is cut short");
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException($"{what} has a malformed varint");
        }

        private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

        private byte Byte()
        {
            if (Position >= bytes.Length)
            {
                throw new InvalidDataException($"{what} is cut short");
            }

            return bytes[Position++];
        }

        private void Advance(int count)
        {
            if (count < 0 || Position + count > bytes.Length)
            {
                throw new InvalidDataException($"{what} is cut short");
            }

            Position += count;
        }
    }
}
