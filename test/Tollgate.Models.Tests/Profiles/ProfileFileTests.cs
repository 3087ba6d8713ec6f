using Tollgate.Domain;
using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Profiles;

/// <summary>What a profile file records of its source, and what a merge or a read refuses.</summary>
public sealed class ProfileFileTests
{
    private static async Task<string> Profile(TempDirectory dir, string table, string name, params string[] sliceBy)
    {
        var path = dir.File(name);
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(table), sliceBy), path);
        return path;
    }

    [Fact]
    public async Task Make_RecordsTheTablesNameDigestAndRows_AndAMergeListsEveryShard()
    {
        using var dir = new TempDirectory();
        var a = FeatureTables.WriteCsv(dir.File("a.csv"), 300, 1);
        var b = FeatureTables.WriteCsv(dir.File("b.csv"), 200, 2);
        var merged = ProfileFile.ReadMerged([await Profile(dir, a, "a.json"), await Profile(dir, b, "b.json")]);
        merged.Sources.ShouldBe([
            new ProfileSource("a.csv", Models.Lineage.ContentHash.HexOfFile(a), 300),
            new ProfileSource("b.csv", Models.Lineage.ContentHash.HexOfFile(b), 200),
        ]);
        merged.Slices[DatasetProfile.AllRows].Rows.ShouldBe(500);
    }

    [Fact]
    public async Task ReadMerged_TheSameShardTwice_IsRefusedNamingBothProfiles()
    {
        // Before, the same shard's rows counted twice: a reference of double the size, and a test twice as sure.
        using var dir = new TempDirectory();
        var a = FeatureTables.WriteCsv(dir.File("a.csv"), 300, 1);
        var first = await Profile(dir, a, "a.json");
        var copy = await Profile(dir, a, "again.json", []);
        var same = Should.Throw<InvalidInputException>(() => ProfileFile.ReadMerged([first, first]));
        same.Message.ShouldStartWith("the same table (a.csv, sha256:");
        same.Message.ShouldEndWith($"is profiled in {first} and again in {first}: merge each shard once, or its rows count twice");
        Should.Throw<InvalidInputException>(() => ProfileFile.ReadMerged([first, copy])).Message.ShouldContain($"in {first} and again in {copy}");
    }

    [Fact]
    public async Task ReadMerged_ShardsSlicedDifferently_SaysWhichIsSlicedHow()
    {
        using var dir = new TempDirectory();
        var sliced = await Profile(dir, FeatureTables.WriteCsv(dir.File("a.csv"), 300, 1), "a.json", "region");
        var whole = await Profile(dir, FeatureTables.WriteCsv(dir.File("b.csv"), 300, 2), "b.json");
        Should.Throw<InvalidInputException>(() => ProfileFile.ReadMerged([sliced, whole])).Message
            .ShouldBe($"{whole} is sliced by nothing (no --slice-by), {sliced} by region: profile every shard with the same --slice-by");
    }

    [Fact]
    public async Task ReadMerged_ProfilesThatDoNotNameTheirSource_StillMerge()
    {
        using var dir = new TempDirectory();
        var paths = new List<string>();
        foreach (var (seed, name) in new[] { (1, "a.json"), (2, "b.json") })
        {
            var profile = DatasetProfile.Build(await TableFile.ReadAsync(FeatureTables.WriteCsv(dir.File(name + ".csv"), 100, seed)), []);
            ProfileFile.Write(profile, dir.File(name));
            paths.Add(dir.File(name));
        }

        var merged = ProfileFile.ReadMerged(paths);
        merged.Sources.ShouldBeNull();
        merged.Slices[DatasetProfile.AllRows].Rows.ShouldBe(200);
    }

    [Theory]
    [InlineData("""{"kind":"numeric","missing":0,"zeros":0,"positive":{"3":-4},"negative":{}}""", "feature x: a negative count")]
    [InlineData("""{"kind":"numeric","missing":0,"zeros":0,"positive":{"3":4,"9":0},"negative":{}}""", "feature x: a bucket or category with a count of 0 (a profile lists only what it saw)")]
    [InlineData("""{"kind":"numeric","missing":0,"zeros":0,"positive":{"3":4,"100000":1},"negative":{}}""", "feature x: bucket 100000, which no finite number falls in (buckets run from -74443 to 70978)")]
    [InlineData("""{"kind":"numeric","missing":0,"zeros":0,"positive":{"3":9223372036854775807,"4":1},"negative":{}}""", "feature x: counts that add up past 9223372036854775807")]
    [InlineData("""{"kind":"categorical","missing":0,"zeros":0,"categories":{"eu":5,"us":0}}""", "feature x: a bucket or category with a count of 0 (a profile lists only what it saw)")]
    [InlineData("""{"kind":"numeric","missing":0,"zeros":0}""", "feature x: a numeric feature without its \"positive\" and \"negative\" buckets")]
    [InlineData("""{"kind":"categorical","missing":0,"zeros":0}""", "feature x: a categorical feature without its \"categories\"")]
    [InlineData("""{"kind":"ordinal","missing":0,"zeros":0,"categories":{}}""", "feature x: kind 'ordinal' (numeric or categorical)")]
    [InlineData("""null""", "feature x: an empty feature")]
    public void Read_AProfileThatCannotBeJudged_IsOneLineNamingWhere(string feature, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.File("edited.json");
        File.WriteAllText(path, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":5,"features":{"x":""" + feature + "}}}}");
        Should.Throw<InvalidInputException>(() => ProfileFile.Read(path)).Message.ShouldBe($"{path}: not a usable profile: slice (all), {problem}");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"format_version":"1.2","resource_changes":[]}""")]
    [InlineData("""{"sliceBy":[],"slices":{}}""")]
    public void Read_AJsonObjectWithoutFormat_IsNoProfile(string json)
    {
        // Found by a new-user audit: {} (or a plan given by mistake) was read as an empty profile and the drift held.
        using var dir = new TempDirectory();
        var path = dir.File("other.json");
        File.WriteAllText(path, json);
        Should.Throw<InvalidInputException>(() => ProfileFile.Read(path)).Message
            .ShouldBe($"{path}: not a Tollgate profile: it has no \"format\" (a profile tollgate model profile writes says tollgate-profile/1)");
    }

    [Fact]
    public void Read_NegativeRowsOrAnotherAccuracy_AreRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("edited.json");
        File.WriteAllText(path, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":-5,"features":{}}}}""");
        Should.Throw<InvalidInputException>(() => ProfileFile.Read(path)).Message.ShouldBe($"{path}: not a usable profile: slice (all) with -5 rows");
        File.WriteAllText(path, """{"format":"tollgate-profile/1","relativeAccuracy":0.01,"sliceBy":[],"slices":{}}""");
        Should.Throw<InvalidInputException>(() => ProfileFile.Read(path)).Message
            .ShouldBe($"{path}: a profile of relative accuracy 0.01, not 0.005: make it again with tollgate model profile");
    }

    [Theory]
    [InlineData("""{"file":"a.csv","sha2-56":"1d78","rows":60}""")]
    [InlineData("null")]
    public void ReadMerged_ASourceWithoutItsDigest_IsOneLineNamingTheFile(string source)
    {
        // Found by ProfileFuzzTests (CsCheck seed aBxhRGoSMnc1: "sha256" mutated to "sha2-56"): the merge keyed its
        // shards by a null digest and threw ArgumentNullException.
        using var dir = new TempDirectory();
        var path = dir.File("edited.json");
        File.WriteAllText(path, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":0,"features":{}}},"sources":[""" + source + "]}");
        var other = dir.File("other.json");
        File.WriteAllText(other, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":0,"features":{}}},"sources":[]}""");

        Should.Throw<InvalidInputException>(() => ProfileFile.ReadMerged([other, path])).Message
            .ShouldBe($"{path}: not a usable profile: source 1 without \"file\" or \"sha256\"");
    }

    [Fact]
    public void ReadMerged_AFeatureNumericInOneShardAndCategoricalInAnother_NamesBothFilesTheFeatureAndTheSlice()
    {
        // Was "cannot merge a categorical profile into a numeric one", naming neither the files nor the feature.
        using var dir = new TempDirectory();
        var numeric = dir.File("a.json");
        File.WriteAllText(numeric, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":1,"features":{"x":{"kind":"numeric","missing":0,"zeros":1,"positive":{},"negative":{}}}}}}""");
        var categorical = dir.File("b.json");
        File.WriteAllText(categorical, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":1,"features":{"x":{"kind":"categorical","missing":0,"categories":{"eu":1}}}}}}""");

        Should.Throw<InvalidInputException>(() => ProfileFile.ReadMerged([numeric, categorical])).Message
            .ShouldBe($"{categorical}: feature x (slice (all)) is categorical there and numeric in {numeric}: profile every shard from tables whose columns hold the same kind of values");
    }

    [Fact]
    public async Task Drift_AProfileSlicedOtherwiseThanTheCommand_NamesTheProfileAndBothSlicings()
    {
        using var dir = new TempDirectory();
        var reference = await Profile(dir, FeatureTables.WriteCsv(dir.File("a.csv"), 300, 1), "a.json");
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 300, 2);
        var error = await Should.ThrowAsync<InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = ["region"] }));
        error.Message.ShouldBe($"{reference} is profiled sliced by nothing (no --slice-by), and this drift slices by region: give the same --slice-by as the profile, or profile again with this one");
    }
}
