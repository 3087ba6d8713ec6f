using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

public sealed class SliceRowsTests
{
    [Theory]
    [InlineData("n")]
    [InlineData("t")]
    [InlineData("n", "t")]
    [InlineData("t", "n")]
    [InlineData("n", "t", "m")]
    public async Task ReadAsync_ByValues_GivesTheSlicesTheirNamesGive(params string[] sliceBy)
    {
        // Missing numbers and texts, −0 beside 0, a text that reads "(missing)": rows whose names read the same share
        // a slice, in order of first sight, as when every row's name is written out.
        using var dir = new TempDirectory();
        var random = new Random(3);
        string[] numbers = ["1.5", "-0", "0", "NA", "", "2", "1e3", "1000"];
        string[] texts = ["x", "y", "", "NA", "(missing)", "grün"];
        var path = dir.File("t.csv");
        File.WriteAllText(path, "n,t,m,v\n" + string.Concat(Enumerable.Range(0, 3000).Select(i =>
            $"{numbers[random.Next(numbers.Length)]},{texts[random.Next(texts.Length)]},{random.Next(3)},{i}\n")));
        var table = await FeatureTable.OpenAsync(path);

        var slices = await SliceRows.ReadAsync(table, sliceBy, default);

        var again = await FeatureTable.OpenAsync(path);
        var columns = new List<Column>();
        foreach (var name in sliceBy)
        {
            columns.Add(await again.ReadAsync(name, default));
        }

        var names = Enumerable.Range(0, 3000).Select(row => SliceKey.Of(columns, row)).ToArray();
        slices.Keys.ShouldBe([DatasetProfile.AllRows, .. names.Distinct()]);
        slices.RowSlice.ShouldNotBeNull().Select(s => slices.Keys[s]).ShouldBe(names);
        slices.Keys.ShouldContain(k => k.Contains("t=(missing)") || !sliceBy.Contains("t"));
    }
}
