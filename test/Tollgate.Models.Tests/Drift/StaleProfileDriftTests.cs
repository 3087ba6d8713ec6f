using System.Text;
using Parquet;
using Parquet.Schema;
using Tollgate.Domain;
using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// A profile saved before <c>N/A</c>, <c>n/a</c> and <c>-</c> counted as missing among numbers holds such a column as
/// text; against a numeric current side the error named no cell and no way out.
/// </summary>
public sealed class StaleProfileDriftTests
{
    [Fact]
    public async Task DriftAsync_ProfileSavedBeforeNaCountedAsMissing_SaysToReProfileNamingTheMarkers()
    {
        using var dir = new TempDirectory();
        var profile = dir.File("reference.json");
        File.WriteAllText(profile, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":65,"features":{"income":{"kind":"categorical","missing":0,"categories":{"1.5":30,"2.5":30,"n/a":4,"-":1}}}}}}""");
        var current = dir.File("current.csv");
        var text = new StringBuilder("income\n");
        for (var i = 0; i < 60; i++)
        {
            text.Append(i % 2 == 0 ? "1.5\n" : "2.5\n");
        }

        File.WriteAllText(current, text.Append("n/a\n").ToString());

        var error = await Should.ThrowAsync<InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([profile], current)));

        error.Message.ShouldBe("feature income holds numbers in the current data and text in the reference profile ('n/a' in 4 rows, '-' in 1 row, which this version reads as missing among numbers): the profile was saved before N/A, n/a and - counted as missing; re-profile the reference with this version (tollgate model profile)");
    }

    [Fact]
    public async Task DriftAsync_TableWhoseTextIsAWord_StillNamesTheWordNotAProfile()
    {
        using var dir = new TempDirectory();
        var reference = dir.File("reference.csv");
        File.WriteAllText(reference, "income\n1.5\nn/a\nunknown\n2.5\n");
        var current = dir.File("current.csv");
        File.WriteAllText(current, "income\n1.5\nn/a\n2.5\n");

        var error = await Should.ThrowAsync<InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([reference], current)));

        error.Message.ShouldBe("feature income holds numbers in the current data and text in the reference: 'unknown' in 1 row (one text cell makes a column text): compare columns of one kind");
    }

    [Fact]
    public async Task ReadMerged_OldShardProfileTextOnlyForNaMarkers_SaysToReProfileThatShard()
    {
        // The old shard's income is categorical only because n/a and - were text then; the message named both files
        // and said to profile tables of one kind, which they were.
        using var dir = new TempDirectory();
        var old = dir.File("old.json");
        File.WriteAllText(old, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":65,"features":{"income":{"kind":"categorical","missing":0,"categories":{"1.5":30,"2.5":30,"n/a":4,"-":1}}}}}}""");
        File.WriteAllText(dir.File("new.csv"), "income\n1.5\nn/a\n2.5\n");
        var fresh = dir.File("new.json");
        Tollgate.Models.Profiles.ProfileFile.Write(Tollgate.Models.Profiles.ProfileFile.Make(await Tollgate.Models.Tables.TableFile.ReadAsync(dir.File("new.csv")), []), fresh);

        var error = Should.Throw<InvalidInputException>(() => Tollgate.Models.Profiles.ProfileFile.ReadMerged([fresh, old]));

        error.Message.ShouldBe($"{old}: feature income (slice (all)) is categorical there and numeric in {fresh} ('n/a' in 4 rows, '-' in 1 row in {old}, which this version reads as missing among numbers): {old} was saved before N/A, n/a and - counted as missing; re-profile it with this version (tollgate model profile)");
    }

    [Fact]
    public async Task DriftAsync_ParquetStringColumnProfiledByThisVersion_IsNoStaleProfile()
    {
        // A Parquet string column keeps its type: "1.5", "2.5" and "-" stay text. Profiled by this version, it is a
        // column of text against numbers, not a profile saved before "-" counted as missing.
        using var dir = new TempDirectory();
        var parquet = dir.File("reference.parquet");
        var income = new DataField<string>("income");
        await using (var stream = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(income), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(income, Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? "1.5" : "2.5").Concat(["-", "-", "n/a"]).ToArray());
        }

        var profile = dir.File("reference.json");
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(parquet), []), profile);

        var error = await Should.ThrowAsync<InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([profile], Current(dir))));

        File.ReadAllText(profile).ShouldContain("\"formatVersion\":2");
        error.Message.ShouldBe("feature income holds numbers in the current data and text in the reference (one text cell makes a column text): compare columns of one kind");
    }

    [Fact]
    public async Task DriftAsync_CsvTextColumnWithDashProfiledByThisVersion_IsNoStaleProfile()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("reference.csv");
        File.WriteAllText(csv, "income\n" + string.Concat(Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? "1.5\n" : "2.5\n")) + "-\nn/a\nunknown\n");
        var profile = dir.File("reference.json");
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(csv), []), profile);

        var error = await Should.ThrowAsync<InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([profile], Current(dir))));

        error.Message.ShouldBe("feature income holds numbers in the current data and text in the reference: 'unknown' in 1 row (one text cell makes a column text): compare columns of one kind");
    }

    [Fact]
    public async Task ReadMerged_ParquetStringShardProfiledByThisVersion_IsNoStaleProfile()
    {
        using var dir = new TempDirectory();
        var parquet = dir.File("text.parquet");
        var income = new DataField<string>("income");
        await using (var stream = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(income), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(income, new[] { "1.5", "-", "2.5" });
        }

        var text = dir.File("text.json");
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(parquet), []), text);
        File.WriteAllText(dir.File("new.csv"), "income\n1.5\nn/a\n2.5\n");
        var fresh = dir.File("new.json");
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(dir.File("new.csv")), []), fresh);

        var error = Should.Throw<InvalidInputException>(() => ProfileFile.ReadMerged([fresh, text]));

        error.Message.ShouldBe($"{text}: feature income (slice (all)) is categorical there and numeric in {fresh}: profile every shard from tables whose columns hold the same kind of values");
    }

    [Fact]
    public void ReadMerged_OldProfileWithANewOne_HasTheOldOnesFormatVersion()
    {
        // A merge is as old as its oldest shard: an old shard's stale text is still told after the merge.
        using var dir = new TempDirectory();
        var old = dir.File("old.json");
        File.WriteAllText(old, """{"format":"tollgate-profile/1","relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":1,"features":{"x":{"kind":"categorical","missing":0,"categories":{"eu":1}}}}}}""");
        var fresh = dir.File("new.json");
        File.WriteAllText(fresh, """{"format":"tollgate-profile/1","formatVersion":2,"relativeAccuracy":0.005,"sliceBy":[],"slices":{"(all)":{"rows":1,"features":{"x":{"kind":"categorical","missing":0,"categories":{"us":1}}}}}}""");

        ProfileFile.Read(old).FormatVersion.ShouldBe(1);
        ProfileFile.ReadMerged([fresh, old]).FormatVersion.ShouldBe(1);
        ProfileFile.ReadMerged([fresh, fresh]).FormatVersion.ShouldBe(2);
    }

    [Fact]
    public void Read_FormatVersionThisVersionDoesNotKnow_SaysToMakeItAgain()
    {
        using var dir = new TempDirectory();
        var path = dir.File("future.json");
        File.WriteAllText(path, """{"format":"tollgate-profile/1","formatVersion":3,"relativeAccuracy":0.005,"sliceBy":[],"slices":{}}""");

        Should.Throw<InvalidInputException>(() => ProfileFile.Read(path)).Message
            .ShouldBe($"{path}: profile format version 3, and this version of tollgate reads 1 to 2: make it again with this version's tollgate model profile");
    }

    private static string Current(TempDirectory dir)
    {
        var current = dir.File("current.csv");
        File.WriteAllText(current, "income\n" + string.Concat(Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? "1.5\n" : "2.5\n")) + "n/a\n");
        return current;
    }
}
