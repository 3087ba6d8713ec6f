using Tollgate.Domain;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Blank lines before the header and a quote never closed, through each of the three CSV readers (the header alone, the
/// parallel blocks, the general reader): a blank first line was read as a header of one column named "" ("the current
/// has )"), and an unclosed quote made the rest of the file one cell ("record 2 has 1 fields").
/// </summary>
public sealed class CsvEdgesTests
{
    [Theory]
    [InlineData("\n\nx,y\n1,2\n3,4\n")]
    [InlineData("\r\n\r\nx,y\r\n1,2\r\n3,4\r\n")]
    [InlineData("\nx,y\n\n1,2\n3,4")]
    public async Task Read_BlankLinesBeforeTheHeader_PassedOverByEveryReader(string text)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), text);

        var names = await TableHeader.NamesAsync(dir.File("t.csv"));
        var general = CsvTable.Read(dir.File("t.csv"));
        var table = await TableFile.ReadAsync(dir.File("t.csv"));

        names.ShouldBe(["x", "y"]);
        general.Columns.Select(c => c.Name).ShouldBe(["x", "y"]);
        general.Find("y")!.Numbers.ShouldBe([2, 4]);
        table.Find("x")!.Numbers.ShouldBe([1, 3]);
    }

    [Theory]
    [InlineData("", "empty file, expected a header row")]
    [InlineData("\n\n\n", "only blank lines, expected a header row")]
    [InlineData("\r\n\r\n", "only blank lines, expected a header row")]
    public async Task Read_NoHeader_SaysWhy(string text, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), text);

        (await TableHeader.NamesAsync(dir.File("t.csv"))).ShouldBeEmpty();
        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(dir.File("t.csv")));

        error.Message.ShouldBe($"{dir.File("t.csv")}: {expected}");
    }

    [Theory]
    [InlineData("x,y\n1,\"2\n3,4\n", 2, 2)]
    [InlineData("x,y\n1,2\n3,\"4", 3, 3)]
    [InlineData("x,\"y\n1,2\n", 1, 1)]
    [InlineData("age,income,region\n1,2,eu\n3,4,us\n5,\"6,eu\n7,8,us\n", 4, 4)]
    [InlineData("x,y\n\"a\nb\",1\n2,\"3\n", 3, 4)]
    [InlineData("x,y\r\n\"a\r\nb\",\"c\r\n", 2, 3)]
    public async Task Read_QuoteNeverClosed_NamesTheRecordAndLineThatOpenedIt(string text, int record, int line)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), text);

        var error = await Should.ThrowAsync<InvalidInputException>(() => TableFile.ReadAsync(dir.File("t.csv")));

        error.Message.ShouldBe($"{dir.File("t.csv")}: the file ends inside a quoted field opened in record {record} (line {line}): a closing \" is missing");
    }

    [Fact]
    public void Read_QuotesThatClose_StillRead()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "x,y\n1,\"a\"\"b\"\n2,c\"d\n3,\"e\"");

        var table = CsvTable.Read(dir.File("t.csv"));

        table.Find("y")!.Texts.ShouldBe(["a\"b", "c\"d", "e"]);
    }
}
