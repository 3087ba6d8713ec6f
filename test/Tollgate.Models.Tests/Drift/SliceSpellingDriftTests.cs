using System.Globalization;
using System.Text;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// A slice column of numbers was read as numbers: <c>007</c> and <c>7</c>, <c>1.10</c> and <c>1.1</c> became one slice,
/// whose rows mixed two segments (a shift in one was diluted by the other, and named after the wrong one).
/// </summary>
public sealed class SliceSpellingDriftTests
{
    private static readonly string[] Stores = ["007", "7", "1.10", "1.1"];
    private static readonly string[] Store = ["store"];

    [Theory]
    [InlineData("csv")] // the streamed reader
    [InlineData("quoted")] // the whole-table reader
    [InlineData("profile")] // a reference profile against a table profiled here
    public async Task DriftAsync_SliceValuesThatDifferOnlyInNumericSpelling_StayApartWithTheirOwnRows(string shape)
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 1, shifted: [], quoted: shape == "quoted");
        var current = Write(dir.File("cur.csv"), 2, shifted: ["007", "1.10"], quoted: shape == "quoted");
        if (shape == "profile")
        {
            var profile = dir.File("ref.json");
            ProfileFile.Write(DatasetProfile.Build(await TableFile.ReadAsync(reference, ["store"]), ["store"]), profile);
            reference = profile;
        }

        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = ["store"] });

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        var drifted = report.Findings.Select(f => (string)f.Evidence["slice"]!).ToList();
        drifted.ShouldContain("store=007");
        drifted.ShouldContain("store=1.10");
        report.Summary.ShouldContain(kv => kv.Key == "slices" && kv.Value == 5);
    }

    [Fact]
    public async Task CompareAsync_BothCsvReaders_CountEachSpellingsRowsApart()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 1, shifted: [], quoted: false);
        var current = Write(dir.File("cur.csv"), 2, shifted: [], quoted: false);
        var request = new DriftRequest([reference], current) { SliceBy = ["store"] };

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, Store), await FeatureTable.OpenAsync(current, Store), request, default);

        foreach (var results in (List<FeatureDrift>[])[streamed, whole])
        {
            results.Select(r => (r.Slice, r.ReferenceRows, r.CurrentRows)).Order().ShouldBe(
                [("(all)", 800, 800), ("store=007", 200, 200), ("store=1.1", 200, 200), ("store=1.10", 200, 200), ("store=7", 200, 200)]);
        }
    }

    // Columns store (each of Stores in 200 rows) and x (normal; shifted by 1.5 in the stores named); one store cell
    // quoted when asked (the streamed reader leaves a quoted file to the whole-table reader).
    private static string Write(string path, int seed, string[] shifted, bool quoted)
    {
        var random = new Random(seed);
        var text = new StringBuilder("store,x\n");
        for (var i = 0; i < 800; i++)
        {
            var store = Stores[i % Stores.Length];
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var x = normal + (shifted.Contains(store) ? 1.5 : 0);
            text.Append(CultureInfo.InvariantCulture, $"{(quoted && i == 0 ? $"\"{store}\"" : store)},{x:0.######}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
