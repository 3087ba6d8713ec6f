using System.Globalization;
using Tollgate.Domain;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

public sealed class MissingMarkersDriftTests
{
    [Fact]
    public async Task DriftAsync_NumericColumnWithOnePercentNa_IsJudgedAsNumbersWithTheMissingSharesReported()
    {
        // A few 'n/a' (1 % of rows) once made income text: judged by chi-square over 5,000 "categories", never by KS.
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 5_000, 1, shift: 0, r => r % 100 == 7 ? "n/a" : null);
        var current = Write(dir.File("cur.csv"), 3_000, 2, shift: 1, r => (r % 100) switch { 3 => "N/A", 50 => "-", _ => null });
        var request = new DriftRequest([reference], current);

        var report = await Judged.DriftAsync(request);

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Address.ShouldBe("income");
        finding.Evidence["kind"].ShouldBe("numeric");
        ((string)finding.Evidence["test"]!).ShouldStartWith("ks");
        finding.Evidence["referenceRows"].ShouldBe(4_950L);
        finding.Evidence["currentRows"].ShouldBe(2_940L);
        finding.Evidence["referenceMissing"].ShouldBe(50L);
        finding.Evidence["currentMissing"].ShouldBe(60L);
        finding.Evidence["referenceMissingShare"].ShouldBe(0.01);
        finding.Evidence["currentMissingShare"].ShouldBe(0.02);
        finding.Message.ShouldEndWith("; missing 1% of reference values, 2% of current");

        // The whole-table reader (quoted fields, Parquet's peer) agrees with the streamed one.
        var whole = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, request.SliceBy), await FeatureTable.OpenAsync(current, request.SliceBy), request, default);
        var income = whole.ShouldHaveSingleItem();
        (income.Kind, income.ReferenceMissing, income.CurrentMissing).ShouldBe(("numeric", 50L, 60L));
        StreamedDrift.TryCompare(request, default).ShouldNotBeNull().ShouldBe(whole);
    }

    [Fact]
    public async Task OpenAsync_MissingMarkers_AreMissingInANumericColumnAndValuesInATextOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.csv");
        File.WriteAllText(path, "x,plan\n1.5,a\nn/a,-\nN/A,n/a\n-,b\n\"-\",a\n2,NA\n");

        var table = await FeatureTable.OpenAsync(path);
        var x = await table.ReadAsync("x");
        var plan = await table.ReadAsync("plan");

        x.IsNumeric.ShouldBeTrue();
        x.Numbers!.Select(v => double.IsNaN(v) ? "missing" : v.ToString(CultureInfo.InvariantCulture)).ShouldBe(["1.5", "missing", "missing", "missing", "missing", "2"]);
        plan.Texts.ShouldBe(["a", "-", "n/a", "b", "a", null]);
    }

    [Fact]
    public async Task DriftAsync_OtherStrayTextAmongNumbers_StaysTextAndNamesOnlyThatText()
    {
        // 'unknown' is no missing-value marker: the column is text as before, and the n/a beside it is not named.
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 2_000, 1, shift: 0, r => r % 100 == 7 ? "n/a" : null);
        var current = Write(dir.File("cur.csv"), 2_000, 2, shift: 0, r => (r % 100) switch { 3 => "n/a", 4 => "unknown", _ => null });

        var error = await Should.ThrowAsync<InvalidInputException>(() => DriftGate.EvidenceAsync(new DriftRequest([reference], current)));

        error.Message.ShouldBe("feature income holds numbers in the reference data and text in the current: 'unknown' in 20 rows (one text cell makes a column text): compare columns of one kind");
    }

    private static string Write(string path, int rows, int seed, double shift, Func<int, string?> marker)
    {
        var random = new Random(seed);
        File.WriteAllLines(path, ["income", .. Enumerable.Range(0, rows).Select(r => marker(r) ?? (1000 + (100 * (FeatureTables.Gaussian(random) + shift))).ToString("R", CultureInfo.InvariantCulture))]);
        return path;
    }
}
