using System.Globalization;
using System.Text;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

public sealed class CsvTableTests
{
    [Fact]
    public void Read_QuotedFieldsWithCommasNewlinesAndQuotes_AreOneCellEach()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "\uFEFFx,\"note, long\"\r\n1.5,\"a, b\"\r\n2,\"line one\nline \"\"two\"\"\"\r\n\r\n3,plain\n");

        var table = CsvTable.Read(dir.File("t.csv"));

        table.Rows.ShouldBe(3);
        table.Columns.Select(c => c.Name).ShouldBe(["x", "note, long"]);
        table.Find("x")!.Numbers.ShouldBe([1.5, 2, 3]);
        table.Find("note, long")!.Texts.ShouldBe(["a, b", "line one\nline \"two\"", "plain"]);
    }

    [Fact]
    public void Read_TextAfterNumbers_ReadsTheColumnAgainAsTextWithItsOriginalSpelling()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "code,score\n1.50,1\n007,NA\nx9,\n");

        var table = CsvTable.Read(dir.File("t.csv"));

        table.Find("code")!.Texts.ShouldBe(["1.50", "007", "x9"]);
        table.Find("score")!.Numbers![0].ShouldBe(1);
        table.Find("score")!.Numbers!.Skip(1).ShouldAllBe(v => double.IsNaN(v));
    }

    [Fact]
    public void Read_RecordLargerThanTheReadBuffer_IsReadWhole()
    {
        using var dir = new TempDirectory();
        var big = new string('z', 3 << 20);
        File.WriteAllText(dir.File("t.csv"), $"a,b\n1,\"{big}\"\n2,small\n");

        var table = CsvTable.Read(dir.File("t.csv"));

        table.Find("b")!.Texts.ShouldBe([big, "small"]);
        table.Find("a")!.Numbers.ShouldBe([1, 2]);
    }

    [Fact]
    public void Read_ColumnNamedTwice_NamesItAndWhere()
    {
        // Was "duplicate column names in the header", which left the user to find them.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "age,income,region,income\n1,2,eu,3\n");

        Should.Throw<Domain.InvalidInputException>(() => CsvTable.Read(dir.File("t.csv"))).Message
            .ShouldBe($"{dir.File("t.csv")}: the header names 'income' twice (columns 2 and 4): each column needs its own name");
    }

    [Fact]
    public void Read_WrongFieldCount_IsAnInputErrorNamingTheRecord()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "a,b\n1,2\n3\n");

        Should.Throw<Domain.InvalidInputException>(() => CsvTable.Read(dir.File("t.csv"))).Message.ShouldContain("record 3 has 1 fields");
    }

    [Fact]
    public void DecimalText_ManySpellings_ParseAsTheRuntimeParsesThem()
    {
        var random = new Random(11);
        var spellings = new List<string> { "0", "-0", "+1", "1.", ".5", "1e5", "1E-5", "-2.5e+3", "123456789012345678901", "0.000000000000000000000001", "1e400", "4.9e-324", "Infinity", " 7", "1_0", "--1", "1e", "", "." };
        for (var i = 0; i < 2000; i++)
        {
            var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            spellings.Add(value.ToString(i % 3 == 0 ? "R" : i % 3 == 1 ? "G6" : "F4", CultureInfo.InvariantCulture));
        }

        foreach (var text in spellings)
        {
            var expected = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var e);
            var actual = DecimalText.TryParse(Encoding.UTF8.GetBytes(text), out var a);
            actual.ShouldBe(expected, text);
            if (expected)
            {
                BitConverter.DoubleToInt64Bits(a).ShouldBe(BitConverter.DoubleToInt64Bits(e), text);
            }
        }
    }

    [Fact]
    public void Read_PlainRecordsBesideMissingExoticAndQuotedCells_EveryCellAsTheRuntimeParsesIt()
    {
        using var dir = new TempDirectory();
        var random = new Random(3);
        var cells = new List<string[]>();
        string[] odd = ["", "NA", "1e400", " 7", "\"2.5\"", "-0", "+3.25", "12345678901234567890123", "4.9e-324", "1.", ".5"];
        for (var row = 0; row < 5000; row++)
        {
            cells.Add([.. Enumerable.Range(0, 4).Select(c => row % 7 == 3 && c == row % 4
                ? odd[row % odd.Length]
                : Math.Round((random.NextDouble() - 0.5) * 1000, c + 1).ToString("R", CultureInfo.InvariantCulture))]);
        }

        File.WriteAllText(dir.File("t.csv"), "a,b,c,d\n" + string.Join("\n", cells.Select(r => string.Join(",", r))) + "\n");

        var table = CsvTable.Read(dir.File("t.csv"));

        table.Rows.ShouldBe(cells.Count);
        for (var c = 0; c < 4; c++)
        {
            var column = table.Columns[c].Numbers.ShouldNotBeNull();
            for (var row = 0; row < cells.Count; row++)
            {
                var text = cells[row][c].Trim('"');
                var expected = text is "" or "NA"
                    ? double.NaN
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                BitConverter.DoubleToInt64Bits(column[row]).ShouldBe(BitConverter.DoubleToInt64Bits(expected), $"row {row} column {c}: {cells[row][c]}");
            }
        }
    }
}
