using CsCheck;
using Tollgate.Domain;
using Tollgate.Models.Tables;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Damaged Parquet footers that Parquet.Net's own footer reader reads otherwise than they are written: refused in one
/// line naming the file and the field, in bounded time and memory (<see cref="FuzzCase"/>'s guard), before Parquet.Net
/// decodes them. In the <see cref="FuzzCollection"/>, so the guard counts only these reads' allocations.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ParquetFooterTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("gzip", "7A_m6QkY-q45", "field 3 of a ColumnMetaData is a list of i16 where a list<binary> is read")]
    [InlineData("stored plain", "bKSatPe-iho1", "field 15 of a LogicalType is an i8 where a Float16Type is read")]
    public async Task ReadAsync_FooterFoundByFuzzing_IsRefusedWithinTheGuard(string seed, string mutation, string damage)
    {
        // Found by ParquetFuzzTests (these CsCheck seeds): a footer of a few kilobytes that read as Thrift but not as
        // Parquet.Net reads it. The first made Parquet.Net skip fields without end (stopped after 30 s in SkipField,
        // reading a varint past the footer's end); the second made it allocate 340 MB.
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync(seed);
        Fuzz.Mutations(bytes).Sample(file => File.WriteAllBytes(path, file), seed: mutation, iter: 1);

        var error = FuzzCase.Run(path, () => TableFile.ReadAsync(path));

        error.ShouldNotBeNull().Message.ShouldBe($"{path}: not a readable Parquet file (its footer: {damage})");
    }

    [Fact]
    public async Task ReadAsync_FooterWithAKnownFieldOfAnotherType_NamesTheField()
    {
        // FileMetaData { 4: [RowGroup { 3: a list of one i64 }] }: a row group's row count (field 3, an i64) stated as
        // a list. Parquet.Net reads the list's header byte as a varint.
        var path = dir.File("t.parquet");
        byte[] footer = [0x49, 0x1C, 0x39, 0x16, 0x02, 0x00, 0x00];
        await File.WriteAllBytesAsync(path, [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldBe($"{path}: not a readable Parquet file (its footer: field 3 of a RowGroup is a list where an i64 is read)");
    }

    [Theory]
    [InlineData(new byte[] { 0x10, 0x00 }, "field 1 of a FileMetaData is Thrift type 0 where an i32 is read")]
    [InlineData(new byte[] { 0x16, 0x02, 0x00 }, "field 1 of a FileMetaData is an i64 where an i32 is read")]
    [InlineData(new byte[] { 0x29, 0x15, 0x02, 0x00 }, "field 2 of a FileMetaData is a list of i32 where a list<SchemaElement> is read")]
    [InlineData(new byte[] { 0x49, 0x1C, 0x49, 0x1C, 0x25, 0x00, 0x00, 0x00, 0x00 }, "field 2 of a SortingColumn is an i32 where a bool is read")]
    [InlineData(new byte[] { 0x29, 0x1C, 0xAC, 0x15, 0x00, 0x00, 0x00 }, "field 1 of a LogicalType is an i32 where a StringType is read")]
    public void Check_KnownFieldOfAnotherType_NamesTheFieldAndBothTypes(byte[] footer, string damage) =>
        Should.Throw<InvalidDataException>(() => Check(footer)).Message.ShouldBe($"its footer: {damage}");

    [Theory]
    [InlineData(new byte[] { 0x29, 0xFC, 0xC0, 0x84, 0x3D }, "field 2 of a FileMetaData states 1000000 elements where 0 bytes are left")]
    [InlineData(new byte[] { 0x29, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "field 2 of a FileMetaData states -1 elements where 0 bytes are left")]
    [InlineData(new byte[] { 0x29, 0x5C, 0x00, 0x00, 0x00 }, "field 2 of a FileMetaData states 5 elements where 3 bytes are left")]
    [InlineData(new byte[] { 0x68, 0x64, 0x41, 0x42 }, "field 6 of a FileMetaData states 100 bytes where 2 bytes are left")]
    public void Check_CountOrLengthBeyondTheBytes_IsRefusedBeforeParquetNetAllocatesIt(byte[] footer, string damage) =>
        Should.Throw<InvalidDataException>(() => Check(footer)).Message.ShouldBe($"its footer: {damage}");

    [Theory]
    [InlineData(new byte[] { 0x06, 0x28, 0x80, 0x80 }, "field 20 of a FileMetaData is cut short")] // an unknown i64's varint
    [InlineData(new byte[] { 0x15, 0x02 }, "a FileMetaData is cut short")] // no stop byte
    [InlineData(new byte[] { 0x15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00 }, "field 1 of a FileMetaData has a varint longer than 5 bytes, the most a 32-bit one takes")]
    [InlineData(new byte[] { 0xAC, 0x15, 0x02, 0x00, 0x00 }, "field 10 of a FileMetaData is a struct that Parquet.Net, which does not know the field, would skip otherwise than it is written")]
    [InlineData(new byte[] { 0xA9, 0x21, 0x01, 0x02, 0x00 }, "field 10 of a FileMetaData is a list that Parquet.Net, which does not know the field, would skip otherwise than it is written")]
    [InlineData(new byte[] { 0xAB, 0x00, 0x00 }, "field 10 of a FileMetaData is a map, which Parquet.Net cannot skip")]
    [InlineData(new byte[] { 0xAE, 0x00 }, "field 10 of a FileMetaData is Thrift type 14, which Parquet.Net cannot skip")]
    public void Check_UnknownFieldParquetNetWouldMisSkip_IsRefused(byte[] footer, string damage) =>
        Should.Throw<InvalidDataException>(() => Check(footer)).Message.ShouldBe($"its footer: {damage}");

    [Fact]
    public void Check_ListsNestedPastTheLimit_AreRefusedBeforeParquetNetRecursesIntoThem()
    {
        // Parquet.Net skips a list of lists by recursion: a footer of list headers alone overflowed its stack.
        byte[] footer = [0xA9, .. Enumerable.Repeat((byte)0x19, 10_000), 0x00];

        Should.Throw<InvalidDataException>(() => Check(footer)).Message
            .ShouldBe("its footer: field 10 of a FileMetaData nests deeper than 64 levels");
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })] // an empty FileMetaData (Parquet.Net refuses it later, for its schema)
    [InlineData(new byte[] { 0x15, 0x02, 0x26, 0x04, 0x75, 0x02, 0xAC, 0x00, 0x11, 0x00 })] // known fields, then an unknown i32, empty struct and bool
    [InlineData(new byte[] { 0xA9, 0x3C, 0x00, 0x11, 0x00, 0x12, 0x00, 0x00 })] // an unknown list of structs of bools
    [InlineData(new byte[] { 0x29, 0x0B, 0x00 })] // an empty list states no element type Parquet.Net reads
    [InlineData(new byte[] { 0x00, 0xFF, 0xFF })] // bytes after the stop are not read
    public void Check_FooterParquetNetReadsAsWritten_Passes(byte[] footer) =>
        Should.NotThrow(() => Check(footer));

    private static void Check(byte[] footer) => ParquetThriftFields.Check(footer, ParquetThriftSchema.Footer, "its footer");
}
