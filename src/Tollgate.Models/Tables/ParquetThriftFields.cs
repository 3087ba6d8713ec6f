using static Tollgate.Models.Tables.ThriftWire;

namespace Tollgate.Models.Tables;

/// <summary>
/// A Parquet footer (its <c>FileMetaData</c>) or page header (its <c>PageHeader</c>), in Thrift's compact protocol,
/// walked as Parquet.Net 6.1.0's generated reader walks it (<c>src/Parquet/Meta/Parquet.cs</c> and
/// <c>Meta/Proto/ThriftCompactProtocolReader.cs</c>, https://github.com/aloneguid/parquet-dotnet/tree/6.1.0/src/Parquet/Meta),
/// by the types of <see cref="ParquetThriftSchema"/> (the format's parquet.thrift,
/// https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift). It refuses what would lead
/// Parquet.Net astray:
/// <list type="bullet">
/// <item>a field Parquet.Net knows, on the wire as another type than the one it reads (a list's elements too): it reads
/// the type it expects whatever the file states, so it read other bytes as lengths and counts (340 MB for a footer of
/// 1.5 KB);</item>
/// <item>a field it does not know, when its own skip ends elsewhere than Thrift's: it skips a struct by its field
/// headers alone and a list of bools as no bytes, so it went on reading from inside the field;</item>
/// <item>a read past the bytes' end: there Parquet.Net reads 0xFF bytes, and a varint of them never ends (a skip that
/// did not end);</item>
/// <item>a length or count of more than the bytes left, which it would allocate before reading; a varint longer than
/// its type (5 bytes for 32 bits, 10 for 64); nesting deeper than 64 levels.</item>
/// </list>
/// </summary>
internal ref struct ParquetThriftFields
{
    // Apache Thrift's default recursion limit (TConfiguration's RecursionLimit,
    // https://github.com/apache/thrift/blob/master/doc/specs/thrift-tconfiguration.md): Parquet.Net skips a list of
    // lists by recursion, so a few kilobytes of list headers would overflow its stack.
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> bytes;
    private readonly string what;

    // A page header's fields that ParquetPageHeader keeps, by slot (see Slot); empty when nothing is kept.
    private readonly Span<int> kept;
    private int position;

    // Where the walk is, for an error: the struct and the field whose value is being read (null between fields).
    private string where;
    private short? field;

    private ParquetThriftFields(ReadOnlySpan<byte> bytes, string root, string what, Span<int> kept)
    {
        this.bytes = bytes;
        this.what = what;
        this.kept = kept;
        where = root;
    }

    /// <summary>
    /// The length of the <paramref name="root"/> struct at the start of <paramref name="bytes"/> (a
    /// <see cref="ParquetThriftSchema"/> name); throws <see cref="InvalidDataException"/>, worded as
    /// <paramref name="what"/>'s ("its footer: field 3 of a RowGroup is a list where an i64 is read"), when Parquet.Net
    /// would read it otherwise than it is written, or beyond the bytes.
    /// </summary>
    public static int Check(ReadOnlySpan<byte> bytes, string root, string what)
    {
        var walk = new ParquetThriftFields(bytes, root, what, []);
        walk.Fields(root, 0);
        return walk.position;
    }

    /// <summary>
    /// <see cref="Check"/> of a <see cref="ParquetThriftSchema.PageHeader"/>, keeping the i32 fields a reader of its
    /// page needs in <paramref name="kept"/> (<see cref="PageType"/> and the other slots; left as they are when absent).
    /// </summary>
    public static int ReadPageHeader(ReadOnlySpan<byte> bytes, string what, Span<int> kept)
    {
        var walk = new ParquetThriftFields(bytes, ParquetThriftSchema.PageHeader, what, kept);
        walk.Fields(ParquetThriftSchema.PageHeader, 0);
        return walk.position;
    }

    /// <summary>Slots of <see cref="ReadPageHeader"/>: the page's type, sizes, and its data or dictionary header's values and encodings.</summary>
    public const int PageType = 0, UncompressedSize = 1, CompressedSize = 2, Values = 3, Encoding = 4, DefinitionEncoding = 5, Slots = 6;

    // The slot of field `id` of struct `name`, -1 for one not kept (parquet.thrift's PageHeader, DataPageHeader,
    // DictionaryPageHeader, DataPageHeaderV2; only a page header reaches the last three).
    private static int Slot(string name, short id) => (name, id) switch
    {
        (ParquetThriftSchema.PageHeader, 1) => PageType,
        (ParquetThriftSchema.PageHeader, 2) => UncompressedSize,
        (ParquetThriftSchema.PageHeader, 3) => CompressedSize,
        ("DataPageHeader" or "DictionaryPageHeader" or "DataPageHeaderV2", 1) => Values,
        ("DataPageHeader" or "DictionaryPageHeader", 2) => Encoding,
        ("DataPageHeader", 3) => DefinitionEncoding,
        _ => -1,
    };

    private void Fields(string name, int depth)
    {
        Deeper(depth);
        var known = ParquetThriftSchema.Fields(name);
        var (outer, outerField) = (where, field);
        (where, field) = (name, null);
        short last = 0;
        while (Next(ref last, out var id, out var wire))
        {
            field = id;
            if (known.TryGetValue(id, out var type))
            {
                Known(type, wire, depth);
            }
            else
            {
                Unknown(wire, depth);
            }

            field = null;
        }

        (where, field) = (outer, outerField);
    }

    // A field Parquet.Net reads as `type`, whatever `wire` says.
    private void Known(ParquetThriftSchema.FieldType type, int wire, int depth)
    {
        if (wire != type.Wire && !(type.Wire == True && wire == False))
        {
            throw Damage($"is {Article(Name(wire))} where {Article(type.Name)} is read");
        }

        if (!kept.IsEmpty && wire == I32 && Slot(where, field!.Value) is var slot and >= 0)
        {
            kept[slot] = ZigZag(Varint32());
            return;
        }

        Value(type, depth);
    }

    private void Value(ParquetThriftSchema.FieldType type, int depth)
    {
        switch (type.Wire)
        {
            case var scalar when SkipScalar(scalar): break;
            case List:
                var (count, element) = ListHeader();
                if (count > 0 && element != type.Element!.Wire)
                {
                    throw Damage($"is a list of {Name(element)} where {Article(type.Name)} is read");
                }

                for (var i = 0; i < count; i++)
                {
                    Value(type.Element!, depth + 1);
                }

                break;
            default: Fields(type.Name, depth + 1); break;
        }
    }

    // A field Parquet.Net does not know: skipped its way and Thrift's way, which must end at the same byte.
    private void Unknown(int wire, int depth)
    {
        var start = position;
        SkipAsParquetNet(wire, depth);
        var end = position;
        position = start;
        SkipAsWritten(wire, depth);
        if (position != end)
        {
            throw Damage($"is {Article(Name(wire))} that Parquet.Net, which does not know the field, would skip otherwise than it is written");
        }
    }

    // ThriftCompactProtocolReader.SkipField: a struct by its field headers alone (not their values), and a list's
    // elements each by SkipField, so a bool element as no bytes; sets, maps and other types it cannot skip.
    private void SkipAsParquetNet(int wire, int depth)
    {
        switch (wire)
        {
            case var scalar when SkipScalar(scalar): break;
            case List:
                Deeper(depth);
                var (count, element) = ListHeader();
                for (var i = 0; i < count; i++)
                {
                    SkipAsParquetNet(element, depth + 1);
                }

                break;
            case Struct:
                for (byte header; (header = Byte()) != 0;)
                {
                    if (header >> 4 == 0)
                    {
                        Varint32();
                    }
                }

                break;
            default: throw Damage($"is {Article(Name(wire))}, which Parquet.Net cannot skip");
        }
    }

    // Thrift's compact protocol as written: a struct's fields with their values, a bool element of a list as a byte.
    private void SkipAsWritten(int wire, int depth)
    {
        Deeper(depth);
        switch (wire)
        {
            case var scalar when SkipScalar(scalar): break;
            case List or Set:
                var (count, element) = ListHeader();
                for (var i = 0; i < count; i++)
                {
                    SkipElement(element, depth + 1);
                }

                break;
            case Map:
                var entries = Count(Varint32(), "entries");
                var types = entries > 0 ? Byte() : 0;
                for (var i = 0; i < entries; i++)
                {
                    SkipElement(types >> 4, depth + 1);
                    SkipElement(types & 0x0f, depth + 1);
                }

                break;
            case Struct:
                short last = 0;
                while (Next(ref last, out _, out var inner))
                {
                    SkipAsWritten(inner, depth + 1);
                }

                break;
            default: throw Damage($"is {Article(Name(wire))}");
        }
    }

    // A value that is no container, skipped alike by Parquet.Net and by Thrift (a bool field's value is its header's
    // type); false for a container or a type that is none.
    private bool SkipScalar(int wire)
    {
        switch (wire)
        {
            case True or False: break;
            case I8: Advance(1); break;
            case I16 or I32: Varint32(); break;
            case I64: Varint64(); break;
            case ThriftWire.Double: Advance(8); break;
            case Binary: Advance(Count(Varint32(), "bytes")); break;
            default: return false;
        }

        return true;
    }

    private void SkipElement(int wire, int depth)
    {
        if (wire is True or False)
        {
            Advance(1);
        }
        else
        {
            SkipAsWritten(wire, depth);
        }
    }

    // ReadNextField: a header byte of 0 ends the struct (only 0: a type of 0 with an id delta is a field); the high
    // four bits add to the last id, or are 0 and an i16 follows.
    private bool Next(ref short last, out short id, out int wire)
    {
        var header = Byte();
        wire = header & 0x0f;
        if (header == 0)
        {
            id = 0;
            return false;
        }

        id = last = header >> 4 is var delta and not 0 ? (short)(last + delta) : (short)ZigZag(Varint32());
        return true;
    }

    // ReadListHeader: a count of up to 14 in the high four bits, else 15 there and the count as a varint after.
    private (int Count, int Element) ListHeader()
    {
        var header = Byte();
        var count = header >> 4 is var small and not 15 ? (uint)small : Varint32();
        return (Count(count, "elements"), header & 0x0f);
    }

    // A length or count as Parquet.Net takes it (the varint's 32 bits as an int): each byte or element takes a byte at
    // least, so more than are left (or less than none) is damage.
    private readonly int Count(uint stated, string unit)
    {
        var left = bytes.Length - position;
        return (int)stated is var count && count >= 0 && count <= left
            ? count
            : throw Damage($"states {count} {unit} where {left} bytes are left");
    }

    // ReadVarInt32: 7 bits a byte, low first, into 32 bits (shifts of 0 to 28).
    private uint Varint32()
    {
        uint value = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            var b = Byte();
            value |= (uint)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Damage("has a varint longer than 5 bytes, the most a 32-bit one takes");
    }

    private void Varint64()
    {
        for (var i = 0; i < 10; i++)
        {
            if (Byte() < 0x80)
            {
                return;
            }
        }

        throw Damage("has a varint longer than 10 bytes, the most a 64-bit one takes");
    }

    private static int ZigZag(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

    private byte Byte()
    {
        Advance(1);
        return bytes[position - 1];
    }

    private void Advance(int count)
    {
        if (count > bytes.Length - position)
        {
            throw Damage("is cut short");
        }

        position += count;
    }

    private readonly void Deeper(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Damage($"nests deeper than {MaxDepth} levels");
        }
    }

    private readonly InvalidDataException Damage(string damage) =>
        new(field is { } id ? $"{what}: field {id} of {Article(where)} {damage}" : $"{what}: {Article(where)} {damage}");
}
