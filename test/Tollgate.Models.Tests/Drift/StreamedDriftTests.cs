using System.Globalization;
using System.Text;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

public sealed class StreamedDriftTests
{
    [Theory]
    [InlineData(20_000, 15_000, 1)]
    [InlineData(300_000, 300_000, 2)]
    [InlineData(150, 90, 3)]
    public async Task TryCompare_NumericCsvTables_GivesWhatTheWholeTableComparisonGives(int referenceRows, int currentRows, int seed)
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), referenceRows, seed, shift: 0, extraColumn: true);
        var current = Write(dir.File("cur.csv"), currentRows, seed + 100, shift: 0.2, extraColumn: false);
        var request = new DriftRequest([reference], current);

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference), await FeatureTable.OpenAsync(current), request, default);

        streamed.ShouldBe(whole);
        streamed.Select(r => r.Feature).ShouldBe(["continuous", "count", "rounded", "sparse"]);
        streamed.Where(r => r.Feature != "sparse").ShouldAllBe(r => r.TooSmall == (currentRows < request.MinRows));
        if (currentRows >= request.MinRows)
        {
            streamed.ShouldContain(r => r.Feature == "continuous" && r.Statistic > 0.05);
        }
    }

    [Fact]
    public void TryCompare_TextColumnOrSlices_AreLeftToTheTableComparison()
    {
        using var dir = new TempDirectory();
        var numeric = Write(dir.File("n.csv"), 500, 1, 0, false);
        var text = FeatureTables.WriteCsv(dir.File("t.csv"), 500, 1);

        StreamedDrift.TryCompare(new DriftRequest([numeric], text), default).ShouldBeNull();
        StreamedDrift.TryCompare(new DriftRequest([numeric], numeric) { SliceBy = ["count"] }, default).ShouldBeNull();
    }

    // Columns with every shape the tally meets: continuous (kept and sorted), rounded and counts (counted), and one
    // mostly missing; the reference has a column the current lacks.
    private static string Write(string path, int rows, int seed, double shift, bool extraColumn)
    {
        var random = new Random(seed);
        var text = new StringBuilder(extraColumn ? "rounded,continuous,count,sparse,only_here\n" : "sparse,rounded,count,continuous\n");
        for (var i = 0; i < rows; i++)
        {
            var rounded = Math.Round(10 + (2 * FeatureTables.Gaussian(random)) + shift, 3);
            var continuous = random.NextDouble() + shift;
            var count = Math.Floor(-Math.Log(1 - random.NextDouble()) * 5);
            var sparse = random.Next(10) == 0 ? (random.Next(3) - 1).ToString(CultureInfo.InvariantCulture) : random.Next(2) == 0 ? "" : "NA";
            text.Append(extraColumn
                ? string.Create(CultureInfo.InvariantCulture, $"{rounded:R},{continuous:R},{count:R},{sparse},{i}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{sparse},{rounded:R},{count:R},{continuous:R}\n"));
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
