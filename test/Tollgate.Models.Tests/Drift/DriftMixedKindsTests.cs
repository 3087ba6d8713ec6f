using Tollgate.Domain;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

/// <summary>Features whose two sides differ in kind: text against numbers is refused, a side with no values is too small.</summary>
public sealed class DriftMixedKindsTests
{
    [Fact]
    public async Task Compare_CurrentWithOnlyItsHeader_IsTooSmallForEveryFeature_NotTextAgainstNumbers()
    {
        // A header-only file's columns have no values, so none is text: before, the text feature `plan` against it was
        // "numeric on one side and text on the other", and with two such features an internal error.
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "age,plan,tier", 500, r => $"{20 + (r % 50)},{(r % 2 == 0 ? "basic" : "pro")},{(r % 3 == 0 ? "a" : "b")}");
        var current = Write(dir.File("cur.csv"), "age,plan,tier", 0, _ => "");
        var request = new DriftRequest([reference], current);

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, request.SliceBy), await FeatureTable.OpenAsync(current, request.SliceBy), request, default);

        streamed.ShouldBe(whole);
        streamed.ShouldAllBe(r => r.TooSmall && r.CurrentRows == 0 && r.ReferenceRows == 500);
        streamed.Select(r => (r.Feature, r.Kind)).ShouldBe([("age", "numeric"), ("plan", "categorical"), ("tier", "categorical")]);
    }

    [Fact]
    public async Task Compare_ColumnMissingInEveryCurrentRow_IsTooSmall()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "age,plan", 500, r => $"{20 + (r % 50)},{(r % 2 == 0 ? "basic" : "pro")}");
        var current = Write(dir.File("cur.csv"), "age,plan", 500, r => $"{21 + (r % 50)},");
        var request = new DriftRequest([reference], current);

        var streamed = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, request.SliceBy), await FeatureTable.OpenAsync(current, request.SliceBy), request, default);

        streamed.ShouldBe(whole);
        var plan = streamed.Single(r => r.Feature == "plan");
        (plan.TooSmall, plan.Kind, plan.CurrentRows).ShouldBe((true, "categorical", 0L));
        streamed.Single(r => r.Feature == "age").TooSmall.ShouldBeFalse();
    }

    [Fact]
    public void Compare_TwoFeaturesTextAgainstNumbers_RefusesTheFirstInOrder_EveryTime()
    {
        // Compared on every core, two refused features used to surface as one AggregateException (an internal error).
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "a,b,c,d", 2_000, r => $"{r % 7},x{r % 3},{r % 5},y{r % 4}");
        var current = Write(dir.File("cur.csv"), "a,b,c,d", 2_000, r => $"{r % 7},{r % 3},{r % 5},{r % 4}");

        for (var attempt = 0; attempt < 10; attempt++)
        {
            Should.Throw<InvalidInputException>(() => StreamedDrift.TryCompare(new DriftRequest([reference], current), default)).Message
                .ShouldBe("feature b holds numbers in the current data and text in the reference: 'x0' in 667 rows, 'x1' in 667 rows, 'x2' in 666 rows (one text cell makes a column text): compare columns of one kind");
        }
    }

    [Fact]
    public void Compare_AFewCellsThatAreNoNumber_NamesThemMostFrequentFirst()
    {
        // Before, the message named no cell: a stray 'inf' or '?' among 10,000 numbers had to be searched for. The 'n/a'
        // and '-' are missing in a numeric column, so they are not what made it text and are not named.
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "income", 2_000, r => $"{1000 + r}");
        var current = Write(dir.File("cur.csv"), "income", 2_000, r => r switch { 5 or 9 or 700 => "inf", 40 => "n/a", 41 => "-", 42 => "?", 43 => "1e999", _ => $"{1000 + r}" });

        Should.Throw<InvalidInputException>(() => StreamedDrift.TryCompare(new DriftRequest([reference], current), default)).Message
            .ShouldBe("feature income holds numbers in the reference data and text in the current: 'inf' in 3 rows, '1e999' in 1 row, '?' in 1 row (one text cell makes a column text): compare columns of one kind");
    }

    private static string Write(string path, string header, int rows, Func<int, string> row)
    {
        File.WriteAllLines(path, [header, .. Enumerable.Range(0, rows).Select(row)]);
        return path;
    }
}
