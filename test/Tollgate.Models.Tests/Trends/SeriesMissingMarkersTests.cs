using System.Text;
using Tollgate.Models.Tables;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests.Trends;

/// <summary>
/// A trend series and a drift table share one list of missing markers: the series once kept its own (empty, NA, NaN,
/// null), so <c>n/a</c> or <c>-</c> in a KPI series was exit 3 where drift left it out as missing.
/// </summary>
public sealed class SeriesMissingMarkersTests
{
    [Theory]
    [InlineData("n/a")]
    [InlineData("N/A")]
    [InlineData("-")]
    [InlineData("NA")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("nan")]
    [InlineData("")]
    public void Read_AValueDriftTakesAsMissing_IsMissingInTheSeriesToo(string marker)
    {
        using var dir = new TempDirectory();
        var series = dir.File("kpi.csv");
        File.WriteAllText(series, $"time,value\n2026-01-01,0.8\n2026-01-02,{marker}\n2026-01-03,0.79\n");
        var table = dir.File("table.csv");
        File.WriteAllText(table, $"t,x\n1,0.8\n2,{marker}\n3,0.79\n");

        var read = Series.Read(series);
        var column = CsvTable.Read(table).Columns[1];

        column.IsNumeric.ShouldBeTrue();
        double.IsNaN(column.Numbers![1]).ShouldBeTrue();
        read.Missing.ShouldBe(1);
        read.Values.ShouldBe([0.8, 0.79]);
    }

    [Theory]
    [InlineData("Na")]
    [InlineData("--")]
    [InlineData("unknown")]
    public void Read_AValueDriftTakesAsText_IsExit3InTheSeriesToo(string word)
    {
        using var dir = new TempDirectory();
        var series = dir.File("kpi.csv");
        File.WriteAllText(series, $"time,value\n2026-01-01,0.8\n\"2026-01-02\",\"{word}\"\n");
        var table = dir.File("table.csv");
        File.WriteAllText(table, $"x\n0.8\n\"{word}\"\n");

        CsvTable.Read(table).Columns[0].IsNumeric.ShouldBeFalse();
        Should.Throw<Domain.InvalidInputException>(() => Series.Read(series)).Message.ShouldBe($"{series}:3: value '{word}' is not a number (time,value)");
    }

    [Theory]
    [InlineData("n/a")]
    [InlineData("N/A")]
    [InlineData("-")]
    [InlineData("NULL")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("n/a2")]
    [InlineData("nulls")]
    [InlineData("é")]
    public void IsMissingNumber_TextAndBytes_AreOneList(string cell) =>
        ColumnBuilder.IsMissingNumber(cell).ShouldBe(ColumnBuilder.IsMissingNumber((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(cell)));

    [Fact]
    public void MissingNumberMarkers_IsExactlyWhatTheChecksTakeAsMissing()
    {
        // Every text of up to 4 characters over the markers' letters and a few others: missing exactly when empty or
        // in the list the notes name, so the list and the checks cannot part.
        const string alphabet = "NAanulL/-x0.";
        var texts = new List<string> { "" };
        for (var length = 1; length <= 4; length++)
        {
            texts.AddRange(texts.Where(t => t.Length == length - 1).SelectMany(t => alphabet.Select(c => t + c)).ToList());
        }

        var wrong = texts.Where(t => ColumnBuilder.IsMissingNumber(t) != (t.Length == 0 || ColumnBuilder.MissingNumberMarkers.Contains(t))).ToList();

        wrong.ShouldBeEmpty();
        ColumnBuilder.MissingNumberMarkers.ShouldAllBe(m => ColumnBuilder.IsMissingNumber(m));
    }
}
