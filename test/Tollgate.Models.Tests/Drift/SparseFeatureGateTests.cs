using System.Globalization;
using System.Text;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// An identifier column (every value once) in a feature table: no test can compare it, so it is not judged and does
/// not hold the gate, and the report says so; a table of nothing else holds. <c>--exclude</c> leaves such a column
/// out of every path (streamed CSV, profiles), and a name neither table has is refused with the column meant.
/// </summary>
public sealed class SparseFeatureGateTests
{
    [Fact]
    public async Task RunAsync_IdentifierBesideFeatures_NotJudgedAndNamed()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "ref", 2_000, withFeatures: true);
        var current = Write(dir.File("cur.csv"), "cur", 1_000, withFeatures: true);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current));

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Reason.ShouldEndWith("; not judged, no category common enough to test: request_id (an identifier? --exclude it)");
        report.Summary.ShouldContain(kv => kv.Key == "judged" && kv.Value == 2);
        report.Facts.ShouldContain(kv => kv.Key == "notJudged" && kv.Value == "1 feature window with no category common enough to test (an identifier?): request_id (3000 categories in 3000 values)");
        report.Figures.Select(f => f.Address).ShouldBe(["amount", "country"], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_OnlyAnIdentifier_HoldsSayingWhy()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "ref", 2_000, withFeatures: false);
        var current = Write(dir.File("cur.csv"), "cur", 1_000, withFeatures: false);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current));

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldBe("no feature window could be judged: no category of request_id is common enough to test (an identifier? --exclude it)");
    }

    [Fact]
    public async Task RunAsync_Excluded_NotComparedInAnyPathAndBoundByTheDigest()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "ref", 2_000, withFeatures: true);
        var current = Write(dir.File("cur.csv"), "cur", 1_000, withFeatures: true);
        var profile = dir.File("ref.profile.json");
        Tollgate.Models.Profiles.ProfileFile.Write(Tollgate.Models.Profiles.ProfileFile.Make(await Tollgate.Models.Tables.TableFile.ReadAsync(reference), [], ["request_id"]), profile);

        var streamed = await Judged.DriftAsync(new DriftRequest([reference], current) { Exclude = ["request_id"] });
        var profiled = await Judged.DriftAsync(new DriftRequest([profile], current) { Exclude = ["request_id"] });
        var plain = await Judged.DriftAsync(new DriftRequest([reference], current));

        foreach (var report in new[] { streamed, profiled })
        {
            report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
            report.Reason.ShouldBe("no drift in 2 feature windows at family-wise α 0.05 with effect ≥ 0.1");
            report.Facts.ShouldNotContain(kv => kv.Key == "notJudged");
            report.Figures.Select(f => f.Address).ShouldBe(["amount", "country"], ignoreOrder: true);
        }

        streamed.Digest.ShouldNotBe(plain.Digest, "an approval of one judgement covers no other");
        var chosen = await Judged.DriftAsync(new DriftRequest([reference], current) { Features = ["amount", "country"] });
        chosen.Figures.Select(f => f.Address).ShouldBe(["amount", "country"], ignoreOrder: true);
        chosen.Digest.ShouldNotBe(streamed.Digest, "--features is bound too");
    }

    [Fact]
    public async Task RunAsync_ExcludedNameNeitherTableHas_RefusedNamingTheColumnMeant()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), "ref", 500, withFeatures: true);
        var current = Write(dir.File("cur.csv"), "cur", 500, withFeatures: true);

        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([reference], current) { Exclude = ["reqest_id"] }));

        error.Message.ShouldBe($"{reference} and {current}: no column 'reqest_id' (--exclude); did you mean 'request_id'?");
    }

    private static string Write(string path, string prefix, int rows, bool withFeatures)
    {
        var random = new Random(prefix.Length + rows);
        var text = new StringBuilder(withFeatures ? "request_id,country,amount\n" : "request_id\n");
        string[] countries = ["de", "fr", "us", "gb"];
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{prefix}-{i:D8}");
            text.Append(withFeatures ? FormattableString.Invariant($",{countries[random.Next(4)]},{50 + (10 * FeatureTables.Gaussian(random)):0.00}\n") : "\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
