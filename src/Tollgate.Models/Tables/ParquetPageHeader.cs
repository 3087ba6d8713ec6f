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
        var reader = new Compact(bytes);
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
                case (5 or 7, Compact.Struct):
                    short inner = 0;
                    while (reader.Field(ref inner, out var innerKind) is var field and not 0)
                    {
                        switch (id, field, innerKind)
                        {
                            case (_, 1, Compact.I32): values = reader.Int(); break;
                            case (5 or 7, 2, Compact.I32): encoding = reader.Int(); break;
                            case (5, 3, Compact.I32): definitionEncoding = reader.Int(); break;
                            default: reader.Skip(innerKind); break;
                        }
                    }

                    break;
                default: reader.Skip(kind); break;
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
    private ref struct Compact(ReadOnlySpan<byte> bytes)
    {
        public const int True = 1;
        public const int False = 2;
        public const int I32 = 5;
        public const int Struct = 12;

        private readonly ReadOnlySpan<byte> bytes = bytes;

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

        public void Skip(int kind)
        {
            switch (kind)
            {
                case True or False: break;
                case 3: Byte(); break;
                case 4 or 5 or 6: Varint(); break;
                case 7: Advance(8); break;
                case 8: Advance(checked((int)Varint())); break;
                case 9 or 10:
                    var list = Byte();
                    var count = (list >> 4) is var small and not 15 ? small : checked((int)Varint());
                    for (var i = 0; i < count; i++)
                    {
                        SkipElement(list & 0x0f);
                    }

                    break;
                case 11:
                    var entries = checked((int)Varint());
                    if (entries > 0)
                    {
                        var types = Byte();
                        for (var i = 0; i < entries; i++)
                        {
                            SkipElement(types >> 4);
                            SkipElement(types & 0x0f);
                        }
                    }

                    break;
                case Struct:
                    short last = 0;
                    while (Field(ref last, out var inner) != 0)
                    {
                        Skip(inner);
                    }

                    break;
                default: throw new InvalidDataException($"a Parquet page header has an unknown Thrift type {kind}");
            }
        }

        // Inside lists and maps a boolean is a byte of its own.
        private void SkipElement(int kind)
        {
            if (kind is True or False)
            {
                Byte();
            }
            else
            {
                Skip(kind);
            }
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

            throw new InvalidDataException("a Parquet page header has a malformed varint");
        }

        private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

        private byte Byte()
        {
            if (Position >= bytes.Length)
            {
                throw new InvalidDataException("a Parquet page header is cut short");
            }

            return bytes[Position++];
        }

        private void Advance(int count)
        {
            if (count < 0 || Position + count > bytes.Length)
            {
                throw new InvalidDataException("a Parquet page header is cut short");
            }

            Position += count;
        }
    }
}
