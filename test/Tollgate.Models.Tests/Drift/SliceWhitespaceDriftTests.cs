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
/// and the report shows the tab escaped, so the two slices are told apart.
/// </summary>
public sealed class SliceWhitespaceDriftTests
{
    private static readonly string[] Count = ["count"];

    [Fact]
    public async Task CompareAsync_SliceValuesWithWhiteSpace_AreTheirOwnSlicesOnBothReaders()
    {
        using var dir = new TempDirectory();
        var reference = dir.File("ref.csv");
        var current = dir.File("cur.csv");
        File.WriteAllText(reference, "amount,count\n1,0\n2,1\n3,0\n4,1\n");
        File.WriteAllText(current, "amount,count\n1,0\n2,1\n3,0\t\n4\t,1\n5,0 \n6, 1\n");
        var request = new DriftRequest([reference], current) { SliceBy = Count, MinRows = 1 };

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, Count), await FeatureTable.OpenAsync(current, Count), request, default);

        streamed.ShouldBe(whole);
        whole.Select(r => (r.Slice, r.ReferenceRows, r.CurrentRows)).OrderBy(r => r.Slice, StringComparer.Ordinal).ShouldBe(
            [("(all)", 4, 6), ("count= 1", 0, 1), ("count=0", 2, 1), ("count=0\t", 0, 1), ("count=0 ", 0, 1), ("count=1", 2, 2)]);
    }

    [Fact]
    public async Task DriftAsync_ShiftedRowsWithATabAfterTheirSliceValue_AreNamedWithTheTabEscaped()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 1, shift: 0);
        var current = Write(dir.File("cur.csv"), 2, shift: 1.5);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = Count });

        var finding = report.Findings.Where(f => (string)f.Evidence["slice"]! != "(all)").ShouldHaveSingleItem(string.Join(" | ", report.Findings.Select(f => f.Message)));
        finding.Evidence["slice"].ShouldBe("count=0\t");
        TextSafe.Line(finding.Message).ShouldStartWith("x in count=0\\t: ");
    }

    // Columns x (normal) and count: 400 rows each of 0, 1 and '0\t' (a tab after the 0), whose x is shifted by this much.
    private static string Write(string path, int seed, double shift)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x,count\n");
        for (var i = 0; i < 1200; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            text.Append(CultureInfo.InvariantCulture, $"{normal + (i % 3 == 2 ? shift : 0):0.######},{(i % 3 == 2 ? "0\t" : (i % 3).ToString(CultureInfo.InvariantCulture))}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
