using System.IO.Compression;
using System.Text;
using Tollgate.Domain;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

public sealed class TableCompressionTests
{
    [Fact]
    public void Read_GzipCsv_GivesThePlainFilesTable_AndLeavesTheBlockReaderOut()
    {
        using var dir = new TempDirectory();
        var plain = WriteCsv(dir.File("t.csv"), 5_000);
        var gzip = Gzip(plain, dir.File("t.csv.gz"));

        var expected = CsvTable.Read(plain);
        var read = CsvTable.Read(gzip);

        read.Rows.ShouldBe(5_000);
        read.Columns.Select(c => c.Name).ShouldBe(expected.Columns.Select(c => c.Name));
        read.Columns.Select(c => c.IsNumeric).ShouldBe([true, false, true]);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            Enumerable.Range(0, read.Rows).Select(r => read.Columns[c].TextAt(r)).ShouldBe(Enumerable.Range(0, expected.Rows).Select(r => expected.Columns[c].TextAt(r)));
        }

        CsvBlocks.TryScan(gzip, (_, _, _) => true).ShouldBeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(2_000)]
    public void Read_GzipCutShort_RefusedInOneLine(int cut)
    {
        // Cut anywhere, even inside the trailer, the text no longer matches the size the trailer records.
        using var dir = new TempDirectory();
        var gzip = Gzip(WriteCsv(dir.File("t.csv"), 5_000), dir.File("t.csv.gz"));
        var bytes = File.ReadAllBytes(gzip);
        File.WriteAllBytes(gzip, bytes[..^cut]);

        var error = Should.Throw<InvalidInputException>(() => CsvTable.Read(gzip));

        error.Message.ShouldStartWith($"{gzip}: not a whole gzip stream (its text ends after ");
        error.Message.ShouldContain("cut short");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Read_GzipDataDamaged_RefusedInTollgatesWords()
    {
        // A gzip header then bytes that are no deflate stream: the decompressor's message ("The archive entry was
        // compressed using an unsupported compression method.") is a resource key in the Native AOT binary
        // (UnsupportedCompression), so the line says what it means instead.
        using var dir = new TempDirectory();
        var gzip = dir.File("t.csv.gz");
        File.WriteAllBytes(gzip, [0x1F, 0x8B, 0x08, 0x00, .. "garbagegarbagegarbage"u8.ToArray()]);

        var error = Should.Throw<InvalidInputException>(() => CsvTable.Read(gzip));

        error.Message.ShouldBe($"{gzip}: not a whole gzip stream (its compressed data is damaged after 0 bytes of text; the file was not written whole, or is not gzip)");
    }

    [Fact]
    public void Read_TwoGzipMembersJoined_RefusedWithTheAdviceToDecompress()
    {
        using var dir = new TempDirectory();
        var gzip = Gzip(WriteCsv(dir.File("t.csv"), 500), dir.File("t.csv.gz"));
        File.WriteAllBytes(gzip, [.. File.ReadAllBytes(gzip), .. File.ReadAllBytes(gzip)]);

        Should.Throw<InvalidInputException>(() => CsvTable.Read(gzip)).Message.ShouldContain("several gzip streams joined; decompress it first (gunzip -k)");
    }

    [Theory]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0, 0 }, "zstd", "zstd -d")]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, "xz", "xz -dk")]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39, 0x31, 0x41 }, "bzip2", "bunzip2 -k")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "zip", "unzip")]
    public void Read_OtherCompressions_RefusedWithTheCommandThatDecompresses(byte[] head, string name, string command)
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv." + name);
        File.WriteAllBytes(path, [.. head, .. new byte[100]]);

        Should.Throw<InvalidInputException>(() => CsvTable.Read(path)).Message
            .ShouldBe($"{path} is {name}-compressed: decompress it first ({command} {path}); tollgate reads CSV, gzip-compressed CSV and Parquet");
        Should.Throw<InvalidInputException>(() => CsvBlocks.TryScan(path, (_, _, _) => true));
    }

    [Theory]
    [InlineData(";", "semicolons")]
    [InlineData("\t", "tabs")]
    [InlineData("|", "bars")]
    public void Read_HeaderOfOneColumnHoldingAnotherSeparator_Refused(string separator, string named)
    {
        // Read as comma-separated, every feature of such a file would be reported missing.
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, string.Join("\n", ["age;income;region", "45.9;60.46;eu", "35.0;37.94;us"]).Replace(";", separator, StringComparison.Ordinal) + "\n");

        var general = Should.Throw<InvalidInputException>(() => CsvTable.Read(path));
        var blocks = Should.Throw<InvalidInputException>(() => CsvBlocks.TryScan(path, (_, _, _) => true));

        general.Message.ShouldContain($"the header is one column, 'age{(separator == "\t" ? "\\t" : separator)}income");
        general.Message.ShouldEndWith($"the file looks separated by {named}, and tollgate reads comma-separated CSV; convert it first");
        blocks.Message.ShouldBe(general.Message);
    }

    [Fact]
    public void Read_OneColumnFile_StillReads()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "score\n0.5\n0.7\n");

        CsvTable.Read(path).Rows.ShouldBe(2);
    }

    private static string WriteCsv(string path, int rows)
    {
        var random = new Random(rows);
        var text = new StringBuilder("score,region,count\n");
        for (var r = 0; r < rows; r++)
        {
            text.Append(random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(r % 3 == 0 ? "eu" : "us").Append(',').Append(random.Next(100)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Gzip(string plain, string path)
    {
        using (var output = File.Create(path))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(plain));
        }

        return path;
    }
}
