namespace Tollgate.Models.Tables;

/// <summary>
/// The Thrift structs of a Parquet file's footer and page headers as Parquet.Net 6.1.0 reads them: for each, the field
/// ids its generated reader knows and the type it reads each as, whatever type the file states (its
/// <c>src/Parquet/Meta/Parquet.cs</c>, generated from the format's <c>parquet.thrift</c>,
/// https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift). Enums are read as i32 and
/// strings as binary; a union (<c>LogicalType</c>, <c>ColumnOrder</c>, …) is read as a struct. Any other field id is
/// one Parquet.Net skips. <see cref="ParquetThriftFields"/> walks a footer or a page header by this table.
/// </summary>
internal static class ParquetThriftSchema
{
    /// <summary>The struct a footer is.</summary>
    public const string Footer = "FileMetaData";

    /// <summary>The struct each page starts with.</summary>
    public const string PageHeader = nameof(PageHeader);

    // Each struct, then its fields as "id type": a Thrift base type, a struct's name, or list<type>.
    private static readonly (string Struct, string Fields)[] Table =
    [
        (Footer, "1 i32, 2 list<SchemaElement>, 3 i64, 4 list<RowGroup>, 5 list<KeyValue>, 6 binary, 7 list<ColumnOrder>, 8 EncryptionAlgorithm, 9 binary"),
        ("SchemaElement", "1 i32, 2 i32, 3 i32, 4 binary, 5 i32, 6 i32, 7 i32, 8 i32, 9 i32, 10 LogicalType"),
        ("LogicalType", "1 StringType, 2 MapType, 3 ListType, 4 EnumType, 5 DecimalType, 6 DateType, 7 TimeType, 8 TimestampType, "
            + "10 IntType, 11 NullType, 12 JsonType, 13 BsonType, 14 UUIDType, 15 Float16Type, 16 VariantType, 17 GeometryType, 18 GeographyType"),
        ("StringType", ""),
        ("MapType", ""),
        ("ListType", ""),
        ("EnumType", ""),
        ("DecimalType", "1 i32, 2 i32"),
        ("DateType", ""),
        ("TimeType", "1 bool, 2 TimeUnit"),
        ("TimestampType", "1 bool, 2 TimeUnit"),
        ("TimeUnit", "1 MilliSeconds, 2 MicroSeconds, 3 NanoSeconds"),
        ("MilliSeconds", ""),
        ("MicroSeconds", ""),
        ("NanoSeconds", ""),
        ("IntType", "1 i8, 2 bool"),
        ("NullType", ""),
        ("JsonType", ""),
        ("BsonType", ""),
        ("UUIDType", ""),
        ("Float16Type", ""),
        ("VariantType", "1 i8"),
        ("GeometryType", "1 binary"),
        ("GeographyType", "1 binary, 2 i32"),
        ("RowGroup", "1 list<ColumnChunk>, 2 i64, 3 i64, 4 list<SortingColumn>, 5 i64, 6 i64, 7 i16"),
        ("ColumnChunk", "1 binary, 2 i64, 3 ColumnMetaData, 4 i64, 5 i32, 6 i64, 7 i32, 8 ColumnCryptoMetaData, 9 binary"),
        ("ColumnMetaData", "1 i32, 2 list<i32>, 3 list<binary>, 4 i32, 5 i64, 6 i64, 7 i64, 8 list<KeyValue>, 9 i64, 10 i64, 11 i64, "
            + "12 Statistics, 13 list<PageEncodingStats>, 14 i64, 15 i32, 16 SizeStatistics, 17 GeospatialStatistics"),
        ("Statistics", "1 binary, 2 binary, 3 i64, 4 i64, 5 binary, 6 binary, 7 bool, 8 bool"),
        ("PageEncodingStats", "1 i32, 2 i32, 3 i32"),
        ("SizeStatistics", "1 i64, 2 list<i64>, 3 list<i64>"),
        ("GeospatialStatistics", "1 BoundingBox, 2 list<i32>"),
        ("BoundingBox", "1 double, 2 double, 3 double, 4 double, 5 double, 6 double, 7 double, 8 double"),
        ("ColumnCryptoMetaData", "1 EncryptionWithFooterKey, 2 EncryptionWithColumnKey"),
        ("EncryptionWithFooterKey", ""),
        ("EncryptionWithColumnKey", "1 list<binary>, 2 binary"),
        ("KeyValue", "1 binary, 2 binary"),
        ("SortingColumn", "1 i32, 2 bool, 3 bool"),
        ("ColumnOrder", "1 TypeDefinedOrder"),
        ("TypeDefinedOrder", ""),
        ("EncryptionAlgorithm", "1 AesGcmV1, 2 AesGcmCtrV1"),
        ("AesGcmV1", "1 binary, 2 binary, 3 bool"),
        ("AesGcmCtrV1", "1 binary, 2 binary, 3 bool"),
        (PageHeader, "1 i32, 2 i32, 3 i32, 4 i32, 5 DataPageHeader, 6 IndexPageHeader, 7 DictionaryPageHeader, 8 DataPageHeaderV2"),
        ("DataPageHeader", "1 i32, 2 i32, 3 i32, 4 i32, 5 Statistics"),
        ("IndexPageHeader", ""),
        ("DictionaryPageHeader", "1 i32, 2 i32, 3 bool"),
        ("DataPageHeaderV2", "1 i32, 2 i32, 3 i32, 4 i32, 5 i32, 6 i32, 7 bool, 8 Statistics"),
    ];

    // Thrift's compact type of each base type on the wire (a bool's value is its type: 1 true, 2 false).
    private static readonly Dictionary<string, byte> BaseTypes = new()
    {
        ["bool"] = ThriftWire.True, ["i8"] = ThriftWire.I8, ["i16"] = ThriftWire.I16, ["i32"] = ThriftWire.I32,
        ["i64"] = ThriftWire.I64, ["double"] = ThriftWire.Double, ["binary"] = ThriftWire.Binary,
    };

    private static readonly Dictionary<string, Dictionary<short, FieldType>> Structs = Parse();

    /// <summary>The fields Parquet.Net knows in <paramref name="name"/>, by id.</summary>
    public static IReadOnlyDictionary<short, FieldType> Fields(string name) => Structs[name];

    /// <summary>The struct names of the table.</summary>
    public static IEnumerable<string> Names => Structs.Keys;

    private static Dictionary<string, Dictionary<short, FieldType>> Parse()
    {
        var names = Table.Select(s => s.Struct).ToHashSet();
        return Table.ToDictionary(
            s => s.Struct,
            s => s.Fields.Split(", ", StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split(' '))
                .ToDictionary(f => short.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => Type(f[1], names)));
    }

    private static FieldType Type(string name, HashSet<string> structs) =>
        name.StartsWith("list<", StringComparison.Ordinal) && name.EndsWith('>') && Type(name[5..^1], structs) is { Wire: not ThriftWire.True } element
            ? new FieldType(ThriftWire.List, name, element)
            : BaseTypes.TryGetValue(name, out var wire) ? new FieldType(wire, name)
            : structs.Contains(name) ? new FieldType(ThriftWire.Struct, name)
            : throw new InvalidOperationException($"Parquet Thrift schema: no type {name}");

    /// <summary>
    /// What Parquet.Net reads a field as: its compact wire type and its name in the table (<c>i32</c>,
    /// <c>SchemaElement</c>, <c>list&lt;SchemaElement&gt;</c>, which is also the struct's own name), and a list's
    /// element (never a bool: none is in a footer or page header).
    /// </summary>
    internal sealed record FieldType(byte Wire, string Name, FieldType? Element = null);
}
