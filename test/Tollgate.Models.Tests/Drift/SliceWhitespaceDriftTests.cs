using System.Globalization;
using System.Text;
using Tollgate.Domain.Reports;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// A slice value with white space around it (<c>0\t</c>, a stray tab before the line's end; <c>0 </c>, <c> 1</c>) is
/// read as written, as any slice value is: its rows are a slice of their own on both CSV readers (the fuzz test once
/// compared the streamed reader with a general one that read the slice column as numbers, <c>0\t</c> as 0),
/// and the report's words quote such a value (<c>count="0 "</c>, the tab escaped: <c>count="0\t"</c>), so the slices are told apart.
/// </summary>
public sealed class SliceWhitespaceDriftTests
{
    private static readonly string[] Count = ["count"];

    [Fact]
    public async Task CompareAsync_SliceValuesWithWhiteSpace_AreTheirOwnSlicesOnBothReaders()
    {
        // The general reader is opened with the slice column as text, as DriftGate opens it: read as numbers, '0 ' and
        // '0\t' would be 0, '01' and '1.0' would be 1, and the two readers' slices would differ.
        using var dir = new TempDirectory();
        var reference = dir.File("ref.csv");
        var current = dir.File("cur.csv");
        File.WriteAllText(reference, "amount,count\n1,0\n2,1\n3,0\n4,1\n");
        File.WriteAllText(current, "amount,count\n1,0\n2,1\n3,0\t\n4\t,1\n5,0 \n6, 1\n7,01\n8,1.0\n");
        var request = new DriftRequest([reference], current) { SliceBy = Count, MinRows = 1 };

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, Count), await FeatureTable.OpenAsync(current, Count), request, default);

        streamed.ShouldBe(whole);
        whole.Select(r => (r.Slice, r.ReferenceRows, r.CurrentRows)).OrderBy(r => r.Slice, StringComparer.Ordinal).ShouldBe(
            [("(all)", 4, 8), ("count= 1", 0, 1), ("count=0", 2, 1), ("count=0\t", 0, 1), ("count=0 ", 0, 1), ("count=01", 0, 1), ("count=1", 2, 2), ("count=1.0", 0, 1)]);
    }

    [Theory]
    [InlineData("0\t", "x in count=\"0\\t\": ")]
    [InlineData("0 ", "x in count=\"0 \": ")]
    [InlineData(" 0", "x in count=\" 0\": ")]
    public async Task DriftAsync_ShiftedRowsWithWhiteSpaceAroundTheirSliceValue_AreNamedWithTheValueQuoted(string value, string named)
    {
        // Before: 'count=0 ' read as count=0 with a space after it, and 'count=0\t' only told apart by the escaped tab.
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 1, shift: 0, value);
        var current = Write(dir.File("cur.csv"), 2, shift: 1.5, value);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = Count });

        var finding = report.Findings.Where(f => (string)f.Evidence["slice"]! != "(all)").ShouldHaveSingleItem(string.Join(" | ", report.Findings.Select(f => f.Message)));
        finding.Evidence["slice"].ShouldBe("count=" + value); // the slice as recorded, for the JSON and the gauges
        TextSafe.Line(finding.Message).ShouldStartWith(named);
        TextSafe.Line(report.Reason).ShouldContain($"x [{named[5..^2]}]");
    }

    [Theory]
    [InlineData("region=eu,count= 1", "region=eu,count=\" 1\"")]
    [InlineData("region=eu ,count=1", "region=\"eu \",count=1")]
    [InlineData("region=a,count=1,count=2", "region=a,count=1,count=2")] // a value holding ',count=': split at the first, neither quoted
    [InlineData("region=eu,count=1", "region=eu,count=1")]
    [InlineData("(all)", "(all)")]
    public void Shown_ValuesWithWhiteSpaceAtEitherEnd_AreQuoted(string slice, string shown)
    {
        SliceText.Shown(slice, ["region", "count"]).ShouldBe(shown);
    }

    // Columns x (normal) and count: 400 rows each of 0, 1 and the odd value ('0\t', '0 ': white space around the 0), whose x is shifted by this much.
    private static string Write(string path, int seed, double shift, string odd)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x,count\n");
        for (var i = 0; i < 1200; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            text.Append(CultureInfo.InvariantCulture, $"{normal + (i % 3 == 2 ? shift : 0):0.######},{(i % 3 == 2 ? odd : (i % 3).ToString(CultureInfo.InvariantCulture))}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
