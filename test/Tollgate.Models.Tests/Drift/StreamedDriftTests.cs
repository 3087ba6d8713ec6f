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
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, request.SliceBy), await FeatureTable.OpenAsync(current, request.SliceBy), request, default);

        streamed.ShouldBe(whole);
        streamed.Select(r => r.Feature).ShouldBe(["continuous", "count", "rounded", "sparse"]);
        streamed.Where(r => r.Feature != "sparse").ShouldAllBe(r => r.TooSmall == (currentRows < request.MinRows));
        if (currentRows >= request.MinRows)
        {
            streamed.ShouldContain(r => r.Feature == "continuous" && r.Statistic > 0.05);
        }
    }

    [Theory]
    [InlineData(new string[0], 40_000, 1)]
    [InlineData(new[] { "region" }, 40_000, 2)]
    [InlineData(new[] { "tier" }, 300_000, 3)]
    [InlineData(new[] { "region", "tier" }, 40_000, 4)]
    [InlineData(new[] { "tier", "region" }, 120, 5)]
    public async Task TryCompare_TextFeaturesAndSlices_GivesWhatTheWholeTableComparisonGives(string[] sliceBy, int rows, int seed)
    {
        // Text features, a column that turns to text three quarters of the way down (read again as text), text and
        // numeric slice columns with missing values, a slice the reference lacks, and a feature only one side has.
        using var dir = new TempDirectory();
        var reference = WriteMixed(dir.File("ref.csv"), rows, seed, shift: 0, regions: 4);
        var current = WriteMixed(dir.File("cur.csv"), rows * 3 / 4, seed + 100, shift: 0.3, regions: 5);
        var request = new DriftRequest([reference], current) { SliceBy = sliceBy };

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, request.SliceBy), await FeatureTable.OpenAsync(current, request.SliceBy), request, default);

        streamed.ShouldBe(whole);
        streamed.Select(r => r.Feature).Distinct().Order().ShouldBe(new[] { "code", "color", "late", "rounded", "region", "tier" }.Except(sliceBy).Order());
        if (sliceBy.Length > 0)
        {
            streamed.Select(r => r.Slice).Distinct().Count().ShouldBeGreaterThan(4);
            streamed.ShouldContain(r => r.Slice.Contains("region=(missing)") || !sliceBy.Contains("region"));
        }
    }

    [Fact]
    public async Task TryCompare_DigestsEachFileAsItReadsIt_OrLeavesItToBeHashedApart()
    {
        // A column that turns to text is read twice; the second, whole scan makes the digest. A quoted file is left to
        // the general reader, so its digest is made apart; either way each is the file's SHA-256.
        using var dir = new TempDirectory();
        var mixed = WriteMixed(dir.File("ref.csv"), 40_000, 1, shift: 0, regions: 4);
        var numeric = Write(dir.File("cur.csv"), 30_000, 2, shift: 0.1, extraColumn: false);
        var quoted = dir.File("q.csv");
        File.WriteAllText(quoted, "rounded,name\n1.5,\"a, b\"\n2.5,c\n");
        static byte[] Sha(string path) => System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path));

        var streamedDigests = new InputDigests([mixed, numeric]);
        StreamedDrift.TryCompare(new DriftRequest([mixed], numeric), streamedDigests, default).ShouldNotBeNull();
        var made = await streamedDigests.AllAsync(default);
        made.ShouldBe([Sha(mixed), Sha(numeric)]);

        var fallbackDigests = new InputDigests([numeric, quoted]);
        StreamedDrift.TryCompare(new DriftRequest([numeric], quoted), fallbackDigests, default).ShouldBeNull();
        (await fallbackDigests.AllAsync(default)).ShouldBe([Sha(numeric), Sha(quoted)]);
    }

    [Fact]
    public void TryCompare_QuotesOrThreeSliceColumns_AreLeftToTheTableComparison()
    {
        using var dir = new TempDirectory();
        var numeric = Write(dir.File("n.csv"), 500, 1, 0, false);
        var quoted = dir.File("q.csv");
        File.WriteAllText(quoted, "rounded,name\n1.5,\"a, b\"\n2.5,c\n");

        StreamedDrift.TryCompare(new DriftRequest([numeric], quoted), default).ShouldBeNull();
        StreamedDrift.TryCompare(new DriftRequest([numeric], numeric) { SliceBy = ["count", "rounded", "sparse"] }, default).ShouldBeNull();
        StreamedDrift.TryCompare(new DriftRequest([numeric], numeric) { SliceBy = ["nowhere"] }, default).ShouldBeNull();
        var headerOnly = dir.File("h.csv");
        File.WriteAllText(headerOnly, "rounded,count\n");
        StreamedDrift.TryCompare(new DriftRequest([headerOnly], headerOnly) { SliceBy = ["nowhere"] }, default).ShouldBeNull();
        StreamedDrift.TryCompare(new DriftRequest([headerOnly], headerOnly) { SliceBy = ["count"] }, default).ShouldNotBeNull();
    }

    [Fact]
    public void TryCompare_MoreSliceTalliesThanTheLimit_AreLeftToTheTableComparison()
    {
        // 600 slices × 2 numeric features: more tables of distinct values than a file may hold while streaming.
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "user,a,b\n" + string.Concat(Enumerable.Range(0, 6000).Select(i => $"u{i % 600},{i % 17},{i % 5}.5\n")));

        StreamedDrift.TryCompare(new DriftRequest([path], path) { SliceBy = ["user"] }, default).ShouldBeNull();
        StreamedDrift.TryCompare(new DriftRequest([path], path) { SliceBy = ["b"] }, default).ShouldNotBeNull();
        (600 * 2).ShouldBeGreaterThan(StreamedDrift.MaxSliceTallies);
    }

    [Fact]
    public async Task TryCompare_FeatureNumericOnOneSideTextOnTheOther_SaysSoAsTheTableComparisonDoes()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ref.csv"), "a,b\n1,2\n3,4\n");
        File.WriteAllText(dir.File("cur.csv"), "a,b\n1,x\n3,y\n");
        var request = new DriftRequest([dir.File("ref.csv")], dir.File("cur.csv"));

        var streamed = Should.Throw<Tollgate.Domain.InvalidInputException>(() => StreamedDrift.TryCompare(request, default));
        var whole = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(async () =>
            await TableDrift.CompareAsync(await FeatureTable.OpenAsync(request.Reference[0], request.SliceBy), await FeatureTable.OpenAsync(request.Current, request.SliceBy), request, default));
        streamed.Message.ShouldBe(whole.Message);
    }

    private static string WriteMixed(string path, int rows, int seed, double shift, int regions)
    {
        var random = new Random(seed);
        var text = new StringBuilder(seed % 2 == 0 ? "region,rounded,color,tier,late,code\n" : "code,late,tier,color,rounded,region\n");
        string[] colors = ["red", "green", "blue", "NA", "", "grün"];
        for (var i = 0; i < rows; i++)
        {
            var region = random.Next(12) == 0 ? "" : $"r{random.Next(regions)}";
            var number = Math.Round(10 + (2 * FeatureTables.Gaussian(random)) + shift, 2);
            var rounded = (i % 97) switch { 5 => "n/a", 6 => "-", 7 => "N/A", _ => number.ToString("R", CultureInfo.InvariantCulture) };
            var color = colors[Math.Min(colors.Length - 1, (int)(random.Next(colors.Length) + shift))];
            var tier = random.Next(20) == 0 ? "NA" : random.Next(4).ToString(CultureInfo.InvariantCulture);
            // 'unknown', not 'n/a': a numeric column takes n/a as missing (as 'rounded' does here), so it would stay numbers.
            var late = i > rows * 3 / 4 && (random.Next(50) == 0 || i == rows - 2) ? "unknown" : (random.NextDouble() + shift).ToString("R", CultureInfo.InvariantCulture);
            // An identifier-like text: past 65,536 distinct ones a slice counts them in a dictionary.
            var code = $"c{random.Next(1_000_000)}";
            text.Append(seed % 2 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{region},{rounded},{color},{tier},{late},{code}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{code},{late},{tier},{color},{rounded},{region}\n"));
        }

        File.WriteAllText(path, text.ToString());
        return path;
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
