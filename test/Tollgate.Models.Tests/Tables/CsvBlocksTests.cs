using System.Text;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

public sealed class CsvBlocksTests
{
    private static readonly string[] Spellings =
    [
        "1.5", "-0", "0", "+3", "1e5", "1E-3", ".5", "5.", "NA", "", "NaN", "null", "NULL", "nan", "Infinity", "-Infinity",
        "0.1000000000000000055511151231257827", "123456789012345678901234", " 7 ", "10.1234", "-2.25", "9007199254740993",
        "0.00000000000000000000000123", "42", "3.14159", "-0.0001",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1 << 20)]
    public void TryRead_ManySpellingsLineEndingsAndBlockSizes_GivesTheGeneralReadersColumnsBitForBit(int blockSize)
    {
        using var dir = new TempDirectory();
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var path = dir.File($"t{seed}.csv");
            var fields = 1 + random.Next(4);
            var text = new StringBuilder(seed % 3 == 0 ? "\uFEFF" : "");
            text.Append(string.Join(",", Enumerable.Range(0, fields).Select(f => $"c{f}"))).Append(seed % 2 == 0 ? "\r\n" : "\n");
            var rows = random.Next(0, 60);
            for (var r = 0; r < rows; r++)
            {
                if (random.Next(10) == 0)
                {
                    text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
                }

                var cells = Enumerable.Range(0, fields).Select(_ => Spellings[random.Next(Spellings.Length)]).ToArray();
                if (fields == 1 && cells[0] == "")
                {
                    cells[0] = "NA";
                }

                text.Append(string.Join(",", cells));
                if (r < rows - 1 || random.Next(2) == 0)
                {
                    text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
                }
            }

            File.WriteAllText(path, text.ToString());

            var (names, columns, count) = CsvBlocks.TryRead(path, blockSize).ShouldNotBeNull($"seed {seed}");
            var general = CsvTable.ReadColumns(path);
            names.ShouldBe(general.Names, $"seed {seed}");
            count.ShouldBe(general.Rows, $"seed {seed}");
            for (var c = 0; c < columns.Length; c++)
            {
                var expected = general.Columns[c].Build(names[c]).Numbers!;
                Bits(columns[c].Numbers!).ShouldBe(Bits(expected), $"seed {seed}, column {names[c]}");
            }
        }
    }

    [Fact]
    public void TryRead_RecordsLongerThanABlockAndItsMargin_AreReadWhole()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        var cells = Enumerable.Range(0, 20_000).Select(i => (i * 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        File.WriteAllText(path, string.Join(",", cells.Select((_, i) => $"f{i}")) + "\n" + string.Join(",", cells) + "\n" + string.Join(",", cells.Reverse()) + "\n");

        var (_, columns, rows) = CsvBlocks.TryRead(path, blockSize: 1000).ShouldNotBeNull();

        rows.ShouldBe(2);
        columns[0].Numbers.ShouldBe([0, 4999.75]);
        columns[^1].Numbers.ShouldBe([4999.75, 0]);
    }

    [Theory]
    [InlineData("a,b\n1,\"2\"\n")]
    [InlineData("a,b\n1,2\n3,x\n")]
    [InlineData("a,b\n1,2\n3\n")]
    [InlineData("a,b\n1,2\n3,4,5\n")]
    [InlineData("\"a\",b\n1,2\n")]
    [InlineData("a,a\n1,2\n")]
    [InlineData("")]
    public void TryRead_QuotesTextWrongFieldCountsOrAnOddHeader_LeaveTheFileToTheGeneralReader(string content)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), content);

        CsvBlocks.TryRead(dir.File("t.csv"), blockSize: 4).ShouldBeNull();
        CsvBlocks.TryRead(dir.File("t.csv")).ShouldBeNull();
    }

    [Fact]
    public void TryScan_VisitsEveryRowOnceAcrossBlocks()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "x,y\n" + string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i},{-i}\n")));
        long sum = 0, visits = 0;

        var (_, rows) = CsvBlocks.TryScan(path, (_, columns, n) =>
        {
            Interlocked.Increment(ref visits);
            Interlocked.Add(ref sum, (long)columns[0].AsSpan(0, n).ToArray().Sum() + (long)columns[1].AsSpan(0, n).ToArray().Sum() * 2);
            return true;
        }, blockSize: 1000).ShouldNotBeNull();

        rows.ShouldBe(5000);
        sum.ShouldBe(-5000L * 5001 / 2);
        visits.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void TryScan_BuffersKeptFromAnotherFile_GiveTheSameRows()
    {
        // One set of buffers through a wide file with long records, then a narrow one with a smaller block: nothing
        // of the first file's columns or bytes shows up in the second's rows.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("wide.csv"), "a,b,c,d,e\n" + string.Concat(Enumerable.Range(1, 3000).Select(i => $"{i}.125,{i},{-i},{i * 1e6},{i % 7}\n")));
        File.WriteAllText(dir.File("narrow.csv"), "x,y\n" + string.Concat(Enumerable.Range(1, 4000).Select(i => $"{i % 13},{i}.5\n")));
        var buffers = new CsvBlocks.Buffers();

        foreach (var (file, blockSize, width) in new[] { ("wide.csv", 2000, 5), ("narrow.csv", 700, 2), ("wide.csv", 900, 5) })
        {
            var sums = new double[width];
            var (names, rows) = CsvBlocks.TryScan(dir.File(file), (_, columns, n) =>
            {
                columns.Length.ShouldBe(width);
                lock (sums)
                {
                    for (var c = 0; c < width; c++)
                    {
                        sums[c] += columns[c].AsSpan(0, n).ToArray().Sum();
                    }
                }

                return true;
            }, blockSize, buffers: buffers).ShouldNotBeNull();

            var expected = CsvBlocks.TryRead(dir.File(file), blockSize).ShouldNotBeNull();
            names.ShouldBe(expected.Names);
            rows.ShouldBe(expected.Rows);
            sums.ShouldBe([.. expected.Columns.Select(c => c.Numbers!.Sum())]);
        }
    }

    [Fact]
    public void TryScan_FileSmallerThanABlock_TakesOneBufferTheSizeOfTheFile()
    {
        // Not one buffer of a whole block (8 MB) per core: a small file's scan under a small heap needs almost nothing.
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "x,y\n" + string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i},{-i}\n")));
        var buffers = new CsvBlocks.Buffers();

        CsvBlocks.TryScan(path, (_, _, _) => true, buffers: buffers).ShouldNotBeNull().Rows.ShouldBe(5000);

        var workers = new List<CsvBlocks.Worker>();
        while (buffers.Take(0, 2) is { Buffer.Length: > 0 } worker)
        {
            workers.Add(worker);
        }

        workers.ShouldHaveSingleItem().Buffer.Length.ShouldBeLessThanOrEqualTo((int)new FileInfo(path).Length + (64 << 10) + 1);
    }

    [Fact]
    public void TryScan_VisitorGivingUp_StopsTheScan()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "x\n" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}\n")));
        var visits = 0;

        var scanned = CsvBlocks.TryScan(path, (_, _, _) => Interlocked.Increment(ref visits) < 3, blockSize: 1000);

        scanned.ShouldBeNull();
        visits.ShouldBeLessThan(20, "the blocks after the refusal are not parsed (at most one per other thread)");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void TryScan_WithADigest_HashesTheWholeFileInOrderFromTheBlocksItReads(int blockSize)
    {
        // Blocks of 64 bytes to one block: the digest is the file's SHA-256 however the blocks fall to the threads
        // (a slow visitor lets the other threads run ahead and wait).
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "x,y\r\n" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}.25,{-i}\r\n")) + "\n\n7,8");
        using var digest = new OrderedDigest(new FileInfo(path).Length);

        var scanned = CsvBlocks.TryScan(path, (block, _, _) =>
        {
            if (block % 7 == 3)
            {
                Thread.Sleep(1);
            }

            return true;
        }, blockSize, digest: digest);

        scanned.ShouldNotBeNull().Rows.ShouldBe(20_001);
        digest.Result().ShouldBe(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Theory]
    [InlineData("x,y\n")]
    [InlineData("x,y")]
    [InlineData("x,y\n1,2")]
    public void TryScan_WithADigest_HashesAFileOfOnlyAHeaderOrOneRecord(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, content);
        using var digest = new OrderedDigest(new FileInfo(path).Length);

        CsvBlocks.TryScan(path, (_, _, _) => true, digest: digest).ShouldNotBeNull();

        digest.Result().ShouldBe(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void TryScan_StoppedOrLeftToTheGeneralReader_GivesNoDigest()
    {
        // The digest of a scan that gives up is never taken for the file's: no thread waits for blocks that will not come.
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "x\n" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}\n")));
        using var stopped = new OrderedDigest(new FileInfo(path).Length);
        CsvBlocks.TryScan(path, (block, _, _) => block < 5, blockSize: 100, digest: stopped).ShouldBeNull();
        stopped.Result().ShouldBeNull();

        var quoted = dir.File("q.csv");
        File.WriteAllText(quoted, "x,y\n" + string.Concat(Enumerable.Range(1, 2000).Select(i => i == 1500 ? "1,\"a\"\n" : $"{i},{i}\n")));
        using var refused = new OrderedDigest(new FileInfo(quoted).Length);
        CsvBlocks.TryScan(quoted, (_, _, _) => true, blockSize: 100, digest: refused).ShouldBeNull();
        refused.Result().ShouldBeNull();
    }

    [Fact]
    public void TryRead_DecimalsOfEveryLength_AreTheRuntimesDoubles()
    {
        // Whole and fraction parts of 0 to 9 digits, signs, leading and trailing zeros: every path of the cell
        // reader (one word, two words, digit by digit) against double.Parse.
        using var dir = new TempDirectory();
        var random = new Random(11);
        var cells = new List<string>();
        for (var n = 0; n < 20_000; n++)
        {
            var whole = new string([.. Enumerable.Range(0, random.Next(10)).Select(_ => (char)('0' + random.Next(10)))]);
            var fraction = new string([.. Enumerable.Range(0, random.Next(10)).Select(_ => (char)('0' + random.Next(10)))]);
            var point = random.Next(4) != 0;
            var cell = (random.Next(3) == 0 ? "-" : "") + whole + (point ? "." + fraction : "");
            cells.Add(whole.Length + (point ? fraction.Length : 0) == 0 ? "0" : cell);
        }

        File.WriteAllText(dir.File("t.csv"), "a,b,c,d\n" + string.Concat(cells.Chunk(4).Where(c => c.Length == 4).Select(c => string.Join(",", c) + "\n")));

        var (_, columns, rows) = CsvBlocks.TryRead(dir.File("t.csv"), blockSize: 4096).ShouldNotBeNull();

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                var expected = double.Parse(cells[(r * 4) + c], System.Globalization.CultureInfo.InvariantCulture);
                BitConverter.DoubleToInt64Bits(columns[c].Numbers![r]).ShouldBe(BitConverter.DoubleToInt64Bits(expected), cells[(r * 4) + c]);
            }
        }
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
