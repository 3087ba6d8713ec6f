using System.Collections;
using System.Reflection;
using System.Text.Json;
using BoundingBox = Parquet.Meta.BoundingBox;
using FileMetaData = Parquet.Meta.FileMetaData;
using PageHeader = Parquet.Meta.PageHeader;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// <see cref="ParquetThriftSchema"/> against Parquet.Net itself: every struct of the table has as many fields as
/// Parquet.Net's class of that name, and a footer and a page header with every field set, written by Parquet.Net's own
/// generated writer and read back whole by its reader, walk to their end without a field of another type or an unknown
/// struct.
/// </summary>
public sealed class ParquetThriftSchemaTests
{
    public static TheoryData<string> Structs => [.. ParquetThriftSchema.Names];

    [Theory]
    [MemberData(nameof(Structs))]
    public void Fields_EachStruct_AsManyAsParquetNetsClassHas(string name)
    {
        var type = typeof(FileMetaData).Assembly.GetType($"Parquet.Meta.{name}").ShouldNotBeNull(name);

        ParquetThriftSchema.Fields(name).Count.ShouldBe(type.GetProperties().Length, name);
    }

    [Fact]
    public void Check_FooterWithEveryFieldSetWrittenByParquetNet_Passes()
    {
        // Parquet.Net 6.1.0's writer leaves out a BoundingBox's doubles (its generated Write has no line for them):
        // the next test reads them.
        var metadata = Filled<FileMetaData>();
        metadata.RowGroups[0].Columns[0].MetaData!.GeospatialStatistics!.Bbox = new BoundingBox();
        var footer = Write(metadata);

        JsonSerializer.Serialize(Read<FileMetaData>(footer)).ShouldBe(JsonSerializer.Serialize(metadata)); // every field is in it
        Check(footer).ShouldBe(footer.Length);
    }

    [Fact]
    public void Check_PageHeaderWithEveryFieldSetWrittenByParquetNet_Passes()
    {
        var header = Filled<PageHeader>();
        var bytes = Write(header);

        JsonSerializer.Serialize(Read<PageHeader>(bytes)).ShouldBe(JsonSerializer.Serialize(header));
        ParquetThriftFields.Check([.. bytes, 0x15, 0x02], ParquetThriftSchema.PageHeader, "its header").ShouldBe(bytes.Length);
    }

    [Fact]
    public void Check_BoundingBoxOfDoubles_PassesAndParquetNetReadsThem()
    {
        // FileMetaData { 4: [RowGroup { 1: [ColumnChunk { 3: ColumnMetaData { 17: GeospatialStatistics { 1: BoundingBox
        // { 1: 1.5, 2: 2.5 } } } }] }] }; field 17 by its id in full (34 zigzagged).
        byte[] footer =
        [
            0x49, 0x1C, 0x19, 0x1C, 0x3C, 0x0C, 0x22, 0x1C,
            0x17, .. BitConverter.GetBytes(1.5), 0x17, .. BitConverter.GetBytes(2.5), 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00,
        ];

        Check(footer).ShouldBe(footer.Length);
        var box = Read<FileMetaData>(footer).RowGroups[0].Columns[0].MetaData!.GeospatialStatistics!.Bbox!;
        (box.Xmin, box.Xmax).ShouldBe((1.5, 2.5));
        footer[8] = 0x16; // Xmin stated as an i64
        Should.Throw<InvalidDataException>(() => Check(footer)).Message
            .ShouldBe("its footer: field 1 of a BoundingBox is an i64 where a double is read");
    }

    [Fact]
    public void Check_EveryFieldSetAndAnUnknownOfEachScalarType_Passes()
    {
        // A newer writer's fields Parquet.Net does not know (ids 20 to 27), which it skips as Thrift does: an i32 (its
        // id in full, 40 zigzagged), then by deltas an i64, i8, i16, double, binary, bool and empty struct.
        var footer = Write(Filled<FileMetaData>());
        byte[] unknown = [0x05, 0x28, 0x02, 0x16, 0x04, 0x13, 0x07, 0x14, 0x02, 0x17, 0, 0, 0, 0, 0, 0, 0, 0, 0x18, 0x01, 0x41, 0x11, 0x1C, 0x00];

        Check([.. footer[..^1], .. unknown, 0x00]).ShouldBe(footer.Length + unknown.Length);
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("gzip")]
    [InlineData("stored")]
    [InlineData("stored plain")]
    public async Task Check_FooterOfAFuzzSeed_Passes(string seed)
    {
        var bytes = await ParquetFuzzTests.SeedAsync(seed);
        var size = BitConverter.ToInt32(bytes, bytes.Length - 8);

        Check(bytes[^(8 + size)..^8]).ShouldBe(size);
    }

    private static int Check(byte[] footer) => ParquetThriftFields.Check(footer, ParquetThriftSchema.Footer, "its footer");

    // The struct's bytes as Parquet.Net writes them (its internal Write and ThriftCompactProtocolWriter).
    private static byte[] Write(object value)
    {
        using var stream = new MemoryStream();
        var writer = Activator.CreateInstance(typeof(FileMetaData).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolWriter")!, stream)!;
        value.GetType().GetMethod("Write", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(value, [writer]);
        return stream.ToArray();
    }

    // The struct read back by Parquet.Net's internal Read.
    private static T Read<T>(byte[] bytes)
    {
        var reader = Activator.CreateInstance(typeof(FileMetaData).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader")!, new MemoryStream(bytes))!;
        return (T)typeof(T).GetMethod("Read", BindingFlags.Static | BindingFlags.NonPublic)!.Invoke(null, [reader])!;
    }

    private static T Filled<T>() => (T)Filled(typeof(T));

    // Every property set: numbers to 3, text and bytes to one value, lists to one element, structs filled in turn.
    private static object Filled(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "s";
        }

        if (type == typeof(byte[]))
        {
            return new byte[] { 1, 2 };
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(1)!;
        }

        if (type.IsPrimitive)
        {
            return Convert.ChangeType(3, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        var value = Activator.CreateInstance(type)!;
        if (value is IList list)
        {
            list.Add(Filled(type.GetGenericArguments()[0]));
            return list;
        }

        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(value, Filled(property.PropertyType));
        }

        return value;
    }
}
