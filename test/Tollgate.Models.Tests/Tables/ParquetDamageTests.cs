using Parquet.Meta;
using Parquet.Schema;
using Tollgate.Domain;
using CsCheck;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Damaged Parquet files the fuzz tests (<see cref="ParquetFuzzTests"/>, <see cref="ParquetPagesFuzzTests"/>) found
/// or pointed at, each at its smallest: one line naming the file (and the column and row group where a page is at
/// fault), or the page decoder's false; never an exception of the decoders, an overflow, or a buffer of a damaged size.
/// Run with the fuzz tests, one at a time: one guard counts the whole process's allocations, which tests running beside
/// it pushed past its 64 MB (it failed in a run of the Tables, Fuzz, Drift and Profile tests, and passed alone).
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ParquetDamageTests
{
    [Fact]
    public async Task ReadAsync_DataPageOfAnotherType_SaysWhichColumnAndRowGroup()
    {
        // The first page header (after PAR1) has type 1 (an index page) where column x's data page is: Parquet.Net
        // threw its own ParquetException ("column 'x' is missing data page header, file is corrupt").
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("stored");
        bytes[5].ShouldBe((byte)0);
        bytes[5] = 2;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldStartWith($"{path}: column x, row group 1 of 3: not readable (");
        error.Message.ShouldEndWith("); the file is damaged or not written whole");
    }

    [Fact]
    public async Task ReadAsync_FooterOfAnUnknownThriftType_IsNotAReadableParquetFile()
    {
        // The footer's first field header of type 14 (no Thrift type): Parquet.Net threw ThriftProtocolException.
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("snappy");
        var footer = bytes.Length - 8 - BitConverter.ToInt32(bytes, bytes.Length - 8);
        bytes[footer] = 0x1E;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldStartWith($"{path}: not a readable Parquet file (");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task ReadAsync_FooterBinaryOfHalfAGigabyte_IsRefusedBeforeParquetNetAllocatesIt()
    {
        // Found by ParquetFuzzTests ("stored plain", CsCheck seed 8R8DxOHyAEv3): a statistics value's length damaged
        // to 524,981,701 bytes in a footer of 6 KB; Parquet.Net allocated it (502 MB) before finding it cut short.
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("stored plain");
        var size = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footer = bytes.Length - 8 - size;
        var at = footer + Array.IndexOf(bytes[footer..], (byte)0x18); // the first binary field (delta 1, type 8): the schema's name
        bytes[at + 1].ShouldBeLessThan((byte)0x80);
        byte[] damaged = [.. bytes[..(at + 1)], 0xC5, 0xE7, 0xA9, 0xFA, 0x01, .. bytes[(at + 2)..]];
        BitConverter.GetBytes(size + 4).CopyTo(damaged, damaged.Length - 8);
        await File.WriteAllBytesAsync(path, damaged);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        // Tollgate's check words it; Parquet.Net would have allocated the 524,972,997 bytes, then found 1,460.
        error.Message.ShouldBe($"{path}: not a readable Parquet file (its footer: field 4 of a SchemaElement states 524972997 bytes where 1460 bytes are left)");
    }

    [Theory]
    [InlineData("stored plain", "afrBvqE9k2L1")]
    [InlineData("snappy", "9zu_1_s9BH74")]
    public async Task ReadAsync_PageHeaderClaimingGigabytes_IsRefusedBeforeParquetNetAllocatesThem(string seed, string mutation)
    {
        // Found by ParquetFuzzTests at 20,000 iterations (these CsCheck seeds): column l's page in row group 2 states
        // 1,715,495,025 bytes; Parquet.Net allocated them (1.6 GB) before finding "only 3915 out of 1715495025 bytes".
        // The header's walk as Parquet.Net reads it meets the varint that holds it first: longer than an i32's 5 bytes.
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync(seed);
        Testing.Fuzz.Mutations(bytes).Sample(file => File.WriteAllBytes(path, file), seed: mutation, iter: 1);

        var error = await Should.ThrowAsync<InvalidInputException>(() => ParquetTable.ReadColumnAsync(path, "l"));

        error.Message.ShouldBe($"{path}: column l, row group 2 of 3: not readable (page 1: its header: field 5 of a Statistics has a varint longer than 5 bytes, the most a 32-bit one takes); the file is damaged or not written whole");
    }

    [Fact]
    public async Task ReadAsync_PagesEndingBeforeTheChunksValues_IsRefusedWithoutReadingPastTheChunk()
    {
        // Found by ParquetFuzzTests at 20,000 iterations ("gzip", CsCheck seed 0hkxzGUWWrc5): column l's page in row
        // group 3 decodes to fewer values than its chunk states, every header inside the chunk whole. Parquet.Net read on
        // past the chunk's end, took column z's bytes for a page header and allocated the 1 GB length it found there.
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("gzip");
        Testing.Fuzz.Mutations(bytes).Sample(file => File.WriteAllBytes(path, file), seed: "0hkxzGUWWrc5", iter: 1);

        var before = GC.GetTotalAllocatedBytes();
        var error = await Should.ThrowAsync<InvalidInputException>(() => ParquetTable.ReadColumnAsync(path, "l"));

        error.Message.ShouldBe($"{path}: column l, row group 3 of 3: not readable (its pages end before the values its column chunk states); the file is damaged or not written whole");
        (GC.GetTotalAllocatedBytes() - before).ShouldBeLessThan(64L << 20);
    }

    [Theory]
    [InlineData((long)int.MaxValue + 1)]
    [InlineData(2_000_000_000)]
    public void TryRead_ChunkSizeBeyondTheFile_IsFalseWithoutItsBuffer(long size)
    {
        // A chunk size past int's range threw OverflowException; one of 2 GB rented a 2 GB buffer for a file of 20 KB.
        using var dir = new TempDirectory();
        var path = dir.File("dict.parquet");
        var (metadata, field, expected) = ParquetPages.DictionaryFile(path, snappy: true, nullable: true);
        metadata.RowGroups[0].Columns[0].MetaData!.TotalCompressedSize = size;

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParquetDoubles.TryRead(path, metadata, field, new double[expected.Length]).ShouldBeFalse();

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(16L << 20);
    }

    [Fact]
    public async Task ReadAsync_ColumnNamedWithALineBreak_IsNamedInOneLine()
    {
        // Found by ParquetFuzzTests at 20,000 iterations ("stored plain", CsCheck seed fma1fxzt9a31): the schema's name
        // "region" lengthened over the bytes after it, a line break among them, and the footer still whole; the column
        // it named is binary, and the error naming it ran over two lines.
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("stored plain");
        Testing.Fuzz.Mutations(bytes).Sample(file => File.WriteAllBytes(path, file), seed: "fma1fxzt9a31", iter: 1);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldStartWith($"{path}: column region%\\u0000L\\u001c\\u0000");
        error.Message.ShouldContain("\\n");
        error.Message.ShouldNotContain("\n");
        error.Message.ShouldEndWith(": Parquet type ReadOnlyMemory`1 is neither numeric nor text");
    }

    [Fact]
    public async Task ReadAsync_ColumnOfDatesNamedWithControlCharacters_IsNamedInOneLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var field = new DataField<DateTime>("when\r\n\u001B[2J");
        await using (var stream = File.Create(path))
        {
            await using var writer = await Parquet.ParquetWriter.CreateAsync(new ParquetSchema(field), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateTime>(field, new[] { new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) }.AsMemory());
        }

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldBe($"{path}: column when\\r\\n\\u001b[2J: Parquet type DateTime is neither numeric nor text");
    }

    [Fact]
    public void TryRead_SnappyPageClaimingTwoGigabytes_IsFalseWithoutItsBuffer()
    {
        // A page header's uncompressed size of 2 GB over a 98-byte Snappy block rented a 2 GB buffer to expand it into.
        using var dir = new TempDirectory();
        var path = dir.File("plain.parquet");
        var values = Enumerable.Range(0, 12).Select(i => i * 1.5).ToArray();
        using (var file = File.Create(path))
        {
            file.Write("PAR1"u8);
            ParquetPages.Page(file, type: 0, [.. values.SelectMany(BitConverter.GetBytes)], snappy: true, values.Length, encoding: 0, uncompressedSize: 2_000_000_000);
        }

        var field = new DataField<double>("x");
        _ = new ParquetSchema(field);
        var metadata = new FileMetaData
        {
            RowGroups =
            [
                new RowGroup
                {
                    NumRows = values.Length,
                    Columns = [new ColumnChunk { MetaData = new ColumnMetaData { Type = Parquet.Meta.Type.DOUBLE, Codec = CompressionCodec.SNAPPY, PathInSchema = ["x"], DataPageOffset = 4, TotalCompressedSize = new FileInfo(path).Length - 4, NumValues = values.Length } }],
                },
            ],
        };

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParquetDoubles.TryRead(path, metadata, field, new double[values.Length]).ShouldBeFalse();

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(16L << 20);
    }

    [Fact]
    public void Decode_BitPackedRunOfMoreGroupsThanAnInt_IsInvalidData()
    {
        // The header 2^34 - 1 (odd: bit-packed) claims 2^33 - 1 groups: it threw OverflowException. Now the 16 values
        // wanted take 6 bytes of 3-bit values, cut short without them.
        Should.Throw<InvalidDataException>(() => RleBitPacked.Decode([0xFF, 0xFF, 0xFF, 0xFF, 0x3F], 3, new int[16]));
        Should.NotThrow(() => RleBitPacked.Decode([0xFF, 0xFF, 0xFF, 0xFF, 0x3F, .. new byte[6]], 3, new int[16]));
    }

    [Fact]
    public void Read_HeaderOfStructsNestedBeyondThriftsLimit_IsInvalidDataNotAStackOverflow()
    {
        // Field 9 (unknown, skipped) a list of one list, of one list, … all the way down (Parquet.Net skips a list's
        // elements by recursion; a struct it skips by its field headers alone, which do not nest).
        byte[] header = [0x99, .. Enumerable.Repeat((byte)0x19, 200_000)];

        Should.Throw<InvalidDataException>(() => ParquetPageHeader.Read(header, out _)).Message.ShouldContain("nests deeper than 64 levels");
    }

    [Fact]
    public void Read_HeaderBinaryLongerThanAnInt_IsInvalidData()
    {
        // Field 9 of type binary, its length 2^32: threw OverflowException. Read as Parquet.Net reads a length (the
        // varint's low 32 bits), it is 0 bytes, and the header ends without its type or sizes.
        byte[] header = [0x98, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00];

        Should.Throw<InvalidDataException>(() => ParquetPageHeader.Read(header, out _)).Message.ShouldBe("a Parquet page header lacks its type or sizes");
        byte[] longer = [0x98, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00];
        Should.Throw<InvalidDataException>(() => ParquetPageHeader.Read(longer, out _)).Message.ShouldBe("a Parquet page header: field 9 of a PageHeader states 2147483647 bytes where 1 bytes are left");
    }
}
