using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Page headers that read as Thrift but not as Parquet.Net reads them (its generated reader reads a field it knows by
/// the type it expects): refused naming the page and the field, within <see cref="FuzzCase"/>'s guard, before
/// Parquet.Net reads them. In the <see cref="FuzzCollection"/>, so the guard counts only these reads' allocations.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ParquetPageHeaderFieldsTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task ReadAsync_StatisticsValueStatedAsAnI32_IsRefusedBeforeParquetNetAllocatesIt()
    {
        // Column l's page header in row group 1 ends its statistics with field 6 (min_value, binary): 0x18, length 8,
        // the value, then the stops of Statistics, DataPageHeader and PageHeader. Restated as an i32 of 2,000,000,000
        // (and fields 7 and 8 as i64s of 0, to keep the header's length), it is Thrift a plain walk accepts; Parquet.Net
        // reads field 6 as a binary whatever its type, and allocated the 2 GB before finding the chunk's end.
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("stored plain");
        await File.WriteAllBytesAsync(path, bytes);
        var at = await PageOffsetAsync(path, "l");
        ParquetPageHeader.Read(bytes.AsSpan(at), out var length);
        var end = at + length;
        bytes[(end - 13)..(end - 8)].ShouldBe([0x18, 0x08, 0, 0, 0]);
        bytes[(end - 3)..end].ShouldBe([0x00, 0x00, 0x00]);
        byte[] damaged = [0x15, 0x80, 0xA8, 0xD6, 0xB9, 0x07, 0x16, 0x00, 0x16, 0x00];
        damaged.CopyTo(bytes, end - 13);
        await File.WriteAllBytesAsync(path, bytes);
        Should.Throw<InvalidDataException>(() => ParquetPageHeader.Read(bytes.AsSpan(at), out _)).Message
            .ShouldBe("a Parquet page header: field 6 of a Statistics is an i32 where a binary is read", "Tollgate's own reader of doubles walks it as Parquet.Net does");

        var error = FuzzCase.Run(path, () => ParquetTable.ReadColumnAsync(path, "l"));

        error.ShouldNotBeNull().Message.ShouldBe($"{path}: column l, row group 1 of 3: not readable (page 1: its header: field 6 of a Statistics is an i32 where a binary is read); the file is damaged or not written whole");
    }

    [Theory]
    [InlineData(new byte[] { 0x15, 0x00, 0x15, 0x02, 0x15, 0x02, 0x25, 0x02, 0x00 }, "field 5 of a PageHeader is an i32 where a DataPageHeader is read")]
    [InlineData(new byte[] { 0x15, 0x04, 0x15, 0x02, 0x15, 0x02, 0x4C, 0x15, 0x02, 0x25, 0x00, 0x00, 0x00 }, "field 3 of a DictionaryPageHeader is an i32 where a bool is read")]
    [InlineData(new byte[] { 0x15, 0x00, 0x10, 0x00 }, "field 2 of a PageHeader is Thrift type 0 where an i32 is read")]
    public void Check_PageHeaderFieldOfAnotherType_NamesIt(byte[] header, string damage) =>
        Should.Throw<InvalidDataException>(() => ParquetThriftFields.Check(header, ParquetThriftSchema.PageHeader, "its header")).Message
            .ShouldBe($"its header: {damage}");

    // Where the column's first page starts in row group 1.
    private static async Task<int> PageOffsetAsync(string path, string column)
    {
        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        return (int)reader.Metadata!.RowGroups[0].Columns.Single(c => c.MetaData!.PathInSchema[0] == column).MetaData!.DataPageOffset;
    }
}
