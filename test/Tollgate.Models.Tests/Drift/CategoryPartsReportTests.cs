using System.Text;
using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// The figures beside a drift verdict are those of the test that decided. A category new in a small window (w14's
/// walk: 5,000 reference rows of a/b/c/d, 100 current of which 5 are 'newtown') is decided by Fisher's exact test of
/// the pool; the line once read "chi-square-pooled+fisher statistic 1.9534 (p 1.31e-8)", the common categories'
/// chi-square (own p 0.58) beside Fisher's p, and named no category. SciPy 1.10.1:
/// <c>chi2_contingency([[2034,1516,943,507],[38,25,23,9]], correction=False)</c> = (1.9533934081212794, 0.5821362054126293),
/// <c>fisher_exact([[0,5000],[5,95]]).pvalue</c> = 2.6236455696458137e-09 (÷ its weight 0.2 = 1.3118227848330693e-08).
/// </summary>
public sealed class CategoryPartsReportTests
{
    private static (string Reference, string Current) NewCategory(TempDirectory dir)
    {
        static string Rows(params (string Value, int Count)[] counts) =>
            counts.Aggregate(new StringBuilder("cat\n"), (b, c) => b.Insert(b.Length, c.Value + "\n", c.Count)).ToString();
        File.WriteAllText(dir.File("ref.csv"), Rows(("a", 2034), ("b", 1516), ("c", 943), ("d", 507)));
        File.WriteAllText(dir.File("cur.csv"), Rows(("a", 38), ("b", 25), ("c", 23), ("d", 9), ("newtown", 5)));
        return (dir.File("ref.csv"), dir.File("cur.csv"));
    }

    [Fact]
    public async Task Drift_NewCategoryInASmallWindow_PrintsFishersFiguresThatDecidedAndNamesTheCategory()
    {
        using var dir = new TempDirectory();
        var (reference, current) = NewCategory(dir);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current));

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("cat: jensen-shannon 0.1415, chi-square-pooled+fisher p 1.31e-8 (Holm 1.31e-8), PSI 0.3318; ");
        finding.Message.ShouldContain("decided by Fisher's exact test of rare category 'newtown': 5 of 100 current rows, 0 of 5000 reference (p 2.62e-9, weight 0.2)");
        finding.Message.ShouldContain("; chi-square of the 4 common categories: statistic 1.9534 (p 0.582, weight 0.8)");
        finding.Message.ShouldNotContain("statistic 1.9534 (p 1.31e-8");
        finding.Evidence["decidedBy"].ShouldBe("fisher-pool");
        var rare = finding.Evidence["rareCategory"].ShouldBeOfType<Dictionary<string, object?>>();
        (rare["name"], rare["reference"], rare["current"], rare["decided"]).ShouldBe(("newtown", 0L, 5L, true));
        ((double)rare["pValue"]!).ShouldBe(2.6236455696458137e-09, 1e-17);
        var parts = finding.Evidence["parts"].ShouldBeOfType<List<Dictionary<string, object?>>>();
        parts.Select(p => (p["test"], p["decided"])).ShouldBe([("chi-square", false), ("fisher-pool", true)]);
        ((double)parts[0]["statistic"]!).ShouldBe(1.9533934081212794, 1e-9);
        ((double)parts[0]["pValue"]!).ShouldBe(0.5821362054126293, 1e-9);
        ((double)parts[1]["pValue"]!).ShouldBe(2.6236455696458137e-09, 1e-17);
        ((double)finding.Evidence["pValue"]!).ShouldBe(1.3118227848330693e-08, 1e-16);
    }

    [Fact]
    public async Task Drift_EveryCategoryCommon_OneTestItsStatisticAndPAsBefore()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ref.csv"), "cat\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? "a\n" : "b\n")));
        File.WriteAllText(dir.File("cur.csv"), "cat\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => i % 5 == 0 ? "a\n" : "b\n")));

        var report = await Judged.DriftAsync(new DriftRequest([dir.File("ref.csv")], dir.File("cur.csv")));

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Message.ShouldContain(", chi-square statistic ");
        finding.Evidence["decidedBy"].ShouldBeNull();
        finding.Evidence["parts"].ShouldBeNull();
    }

    [Fact]
    public async Task Drift_AgainstAProfile_SaysTheNumbersAreOnTheProfilesGrid()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ref.csv"), "income\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{1000 + i}\n")));
        File.WriteAllText(dir.File("cur.csv"), "income\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{1500 + 5 * i}\n")));
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(dir.File("ref.csv")), []), dir.File("ref.json"));

        var profiled = await Judged.DriftAsync(new DriftRequest([dir.File("ref.json")], dir.File("cur.csv")));
        var raw = await Judged.DriftAsync(new DriftRequest([dir.File("ref.csv")], dir.File("cur.csv")));

        var finding = profiled.Findings.ShouldHaveSingleItem();
        finding.Message.ShouldContain(", ks-exact on the profile's 0.5% grid statistic ");
        finding.Evidence["onProfileGrid"].ShouldBe(true);
        profiled.Facts.ShouldContain(kv => kv.Key == "grid" && kv.Value.StartsWith("numbers on the profile's 0.5% grid", StringComparison.Ordinal));
        var table = raw.Findings.ShouldHaveSingleItem();
        table.Message.ShouldContain(", ks-exact statistic ");
        table.Evidence["onProfileGrid"].ShouldBe(false);
        raw.Facts.ShouldNotContain(kv => kv.Key == "grid");
    }
}
