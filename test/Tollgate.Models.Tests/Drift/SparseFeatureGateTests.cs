using System.Globalization;
using System.Text;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// An identifier column (every value once) in a feature table: no test can compare it, so it is not judged and does
/// not hold the gate, and the report says so; a table of nothing else holds.
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
        report.Reason.ShouldEndWith("; not judged, no category common enough to test: request_id");
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
        report.Reason.ShouldBe("no feature window could be judged: no category of request_id is common enough to test (an identifier?)");
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
