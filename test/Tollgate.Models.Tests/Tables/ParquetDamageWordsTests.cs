using Tollgate.Domain;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// A damaged Parquet file is said to be damaged in Tollgate's words wherever the runtime, not Parquet.Net, found it:
/// the runtime's messages are resource keys in the Native AOT binary (<c>Arg_ArgumentOutOfRangeException</c>,
/// <c>NoElements</c>, <c>UnsupportedCompression</c>, found by mutating <see cref="ParquetFuzzTests.SeedAsync"/>'s
/// files and reading them with the published binary), and a file cut short is said to be cut short.
/// </summary>
public sealed class ParquetDamageWordsTests
{
    [Fact]
    public async Task ReadAsync_PageOffsetDamaged_SaysWhatItMeansForTheFile()
    {
        // Byte 68 of the plain seed, inside column x's first page: Parquet.Net met ArgumentOutOfRangeException, which
        // the binary printed as "(Arg_ArgumentOutOfRangeException)".
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("stored");
        bytes[68] = 183;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldBe($"{path}: column x, row group 1 of 3: not readable (an offset, length or count in it points outside its data); the file is damaged or not written whole");
    }

    [Fact]
    public async Task ReadAsync_FooterDamaged_SaysWhatItMeansForTheFile()
    {
        // The footer's first byte zeroed: "(ArgumentOutOfRange_IndexMustBeLess Arg_ParamName_Name, index)" from the binary.
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync("stored");
        bytes[bytes.Length - 8 - BitConverter.ToInt32(bytes, bytes.Length - 8)] = 0;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldBe($"{path}: not a readable Parquet file (an offset, length or count in it points outside its data)");
    }

    [Fact]
    public async Task ReadAsync_FileCutShort_SaysItIsCutShort()
    {
        // Parquet.Net said "not a parquet file, head: 50415231, tail: 00060102".
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        await File.WriteAllBytesAsync(path, (await ParquetFuzzTests.SeedAsync("snappy"))[..3000]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldBe($"{path}: not a readable Parquet file (it begins as a Parquet file (PAR1) but its 3000 bytes do not end with a footer and PAR1: it is cut short, or was not written whole)");
    }

    [Theory]
    [InlineData("age,income\n1,2\n")]
    [InlineData("age,income\n1,2\n3,4\n5,6\n7,8\n9,10\n")]
    public async Task ReadAsync_CsvNamedParquet_SaysItIsNotParquet(string text)
    {
        // Parquet.Net said "not a Parquet file (size too small)" or "not a parquet file, head: 6167652C, tail: …".
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        await File.WriteAllTextAsync(path, text);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(path));

        error.Message.ShouldBe($"{path}: not a readable Parquet file (it neither begins nor ends with PAR1, as every Parquet file does: it is not a Parquet file)");
    }

    [Fact]
    public void Why_TheRuntimesExceptions_InWords_ParquetNetsAsItSaysThem()
    {
        ParquetDamage.Why(new NullReferenceException()).ShouldBe("a field Parquet.Net needs is missing from it");
        ParquetDamage.Why(new OverflowException()).ShouldBe("a length or count in it is larger than any file holds");
        ParquetDamage.Why(new EndOfStreamException()).ShouldBe("it ends before the data its metadata states");
        // Resource keys, as the binary's runtime gives them, for a damaged gzip page and an empty sequence.
        ParquetDamage.Why(new InvalidDataException("UnsupportedCompression")).ShouldBe("its data does not decode as its metadata states");
        ParquetDamage.Why(new InvalidOperationException("NoElements")).ShouldBe("its data does not decode as its metadata states");
        ParquetDamage.Why(new NotSupportedException("encoding 55 is not supported")).ShouldBe("encoding 55 is not supported");
        ParquetDamage.Why(new InvalidDataException("Invalid copy offset.\nat 3")).ShouldBe("Invalid copy offset. at 3");
    }
}
