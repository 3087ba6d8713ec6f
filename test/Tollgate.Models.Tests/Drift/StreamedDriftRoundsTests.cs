using System.Globalization;
using System.Text;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

/// <summary>Two CSV files whose kept values do not fit the memory budget are read in rounds, with the same report.</summary>
public sealed class StreamedDriftRoundsTests
{
    [Theory]
    [InlineData(1L, new string[0], 4)] // one column kept per round: the anchor
    [InlineData(1L, new[] { "group" }, 5)] // and count: its slices' values, staged until it counts them, take memory too
    [InlineData(24_000_000L, new string[0], 2)] // two columns kept per round (4.8 MB each in the reference, which may take half)
    [InlineData(1L << 40, new[] { "group" }, 1)]
    public async Task TryCompare_KeptValuesOverTheBudget_ReadsInRoundsAndGivesTheWholeTableComparison(long budget, string[] sliceBy, int rounds)
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 300_000, 1, shift: 0);
        var current = Write(dir.File("cur.csv"), 280_000, 2, shift: 0.01);
        var timings = new DriftTimings();
        var request = new DriftRequest([reference], current) { SliceBy = sliceBy, KeepBudget = budget, Timings = timings };
        var digests = new InputDigests([reference, current]);

        var streamed = StreamedDrift.TryCompare(request, digests, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, request.SliceBy), await FeatureTable.OpenAsync(current, request.SliceBy), request, default);

        streamed.ShouldBe(whole);
        timings.Rounds.ShouldBe(rounds);
        streamed.Where(r => r.Slice == Tollgate.Models.Profiles.DatasetProfile.AllRows).Select(r => r.Feature)
            .ShouldBe(new[] { "a", "b", "c", "count", "d", "group" }.Except(sliceBy));
        streamed.ShouldContain(r => r.Feature == "a" && r.Statistic > 0);
        (await digests.AllAsync(default)).ShouldBe([Sha(reference), Sha(current)], "each file is hashed once, in the first round");
    }

    [Fact]
    public void FileVersion_FileWrittenBetweenRounds_IsToldApart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ref.csv");
        File.WriteAllText(path, "a\n1\n");
        var version = new StreamedDrift.FileVersion(path);

        Should.NotThrow(() => StreamedDrift.FileVersion.Check([version]));
        File.AppendAllText(path, "2\n");
        var changed = Should.Throw<Tollgate.Domain.InvalidInputException>(() => StreamedDrift.FileVersion.Check([version]));
        changed.Message.ShouldBe($"{path} changed while it was being read (its columns are read in rounds, to stay within memory): compare it once it is written");
        File.WriteAllText(path, "a\n9\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Should.Throw<Tollgate.Domain.InvalidInputException>(() => StreamedDrift.FileVersion.Check([version]), "same length, written again");
    }

    private static byte[] Sha(string path) => System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path));

    // Four continuous columns (kept), counts (counted) and a text column of three groups.
    private static string Write(string path, int rows, int seed, double shift)
    {
        var random = new Random(seed);
        var text = new StringBuilder("a,count,b,group,c,d\n");
        for (var i = 0; i < rows; i++)
        {
            var count = Math.Floor(-Math.Log(1 - random.NextDouble()) * 5);
            var group = (i * 7 % 3) switch { 0 => "x", 1 => "y", _ => "z" };
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{random.NextDouble() + shift:R},{count:R},{random.NextDouble():R},{group},{FeatureTables.Gaussian(random) + shift:R},{random.NextDouble() * 1e6:R}\n"));
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
