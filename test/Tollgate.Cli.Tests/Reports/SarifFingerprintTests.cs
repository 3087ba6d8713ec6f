using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// Code scanning tracks an alert by its <c>partialFingerprints</c>, and only by <c>primaryLocationLineHash</c>: two
/// results of one run never share one (two containers of one Deployment, a feature drifting overall and in a slice,
/// every finding of a plan JSON, all at its line 1), and a result keeps its fingerprints when only its figures change
/// from one run to the next.
/// </summary>
public sealed class SarifFingerprintTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-fingerprints-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<(string Rule, string Fingerprint)> Results(CliRun run) =>
        JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("ruleId").GetString()!, r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString()!))
            .ToList();

    private static List<string> LineHashes(string sarif) =>
        [.. JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!)];

    private void WriteIncomes(string name, int shift)
    {
        File.WriteAllLines(Path.Combine(_directory, name), [
            "region,income",
            .. Enumerable.Range(0, 1200).Select(i => $"{(i % 2 == 0 ? "eu" : "us")},{1000 + (i * 7919 % 1000) + shift}"),
        ]);
    }

    [Fact]
    public async Task K8sLint_TwoContainersOfOneDeployment_HaveDistinctFingerprintsNamingTheContainer()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "Examples", "k8s", "unsafe", "checkout.yaml");

        var run = await CliRun.RunAsync(_directory, "k8s", "lint", manifest, "--format", "sarif", "--ledger", "l.db");

        var results = Results(run);
        results.Select(r => r.Fingerprint).ShouldBeUnique();
        LineHashes(run.Out).ShouldBeUnique();
        results.Where(r => r.Rule == "k8s/readiness-probe").Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ShouldBe([
            "k8s/readiness-probe:Deployment/shop/checkout;container=checkout",
            "k8s/readiness-probe:Deployment/shop/checkout;container=envoy",
        ]);
    }

    [Fact]
    public async Task ModelDrift_FeatureDriftingOverallAndPerSlice_DistinctFingerprintsThatIgnoreTheFigures()
    {
        WriteIncomes("ref.csv", 0);
        WriteIncomes("far.csv", 600);
        WriteIncomes("farther.csv", 800);
        string[] Args(string current) => ["model", "drift", "--reference", "ref.csv", "--current", current, "--slice-by", "region", "--format", "sarif", "--ledger", "l.db"];

        var far = Results(await CliRun.RunAsync(_directory, Args("far.csv")));
        var farther = Results(await CliRun.RunAsync(_directory, Args("farther.csv")));

        var drift = far.Where(r => r.Rule == "drift").Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ToList();
        drift.ShouldBe(["drift:income;slice=(all)", "drift:income;slice=region=eu", "drift:income;slice=region=us"]);
        far.Select(r => r.Fingerprint).ShouldBeUnique();
        farther.Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ShouldBe(far.Select(r => r.Fingerprint).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_FindingsWithNothingToTellThemApart_GetOrdinalsInReportOrder()
    {
        Finding Scanner(int line) => new("trivy/AVD-1", Severity.High, "aws_s3_bucket.a", $"public at line {line}") { Location = new SourceLocation("main.tf", line) };
        var evidence = new Evidence("terraform-plan", "plan.json", "sha256:x", [Scanner(3), Scanner(9), new Finding("destroy", Severity.High, "aws_s3_bucket.a", "destroyed")]);
        var report = GatePipeline.Judge(evidence, Policy.Default, [], TimeProvider.System);

        var sarif = JsonDocument.Parse(SarifReport.Render(report, new RuleCatalog([]), _directory)).RootElement;

        var fingerprints = sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("message").GetProperty("text").GetString()!, r => r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString());
        fingerprints["public at line 3"].ShouldBe("trivy/AVD-1:aws_s3_bucket.a");
        fingerprints["public at line 9"].ShouldBe("trivy/AVD-1:aws_s3_bucket.a#2");
        fingerprints["destroyed"].ShouldBe("destroy:aws_s3_bucket.a");
        var hashes = sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("message").GetProperty("text").GetString()!, r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!);
        var shared = SarifFingerprints.LineHash("trivy/AVD-1:aws_s3_bucket.a", 1)[..16];
        hashes["public at line 3"].ShouldBe(shared + ":1");
        hashes["public at line 9"].ShouldBe(shared + ":2");
        hashes["destroyed"].ShouldNotStartWith(shared);
    }

    [Fact]
    public async Task Plan_EveryResultAtThePlansLine1_DistinctLineHashesInGitHubsShapeStableAcrossRuns()
    {
        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

        var first = await CliRun.RunAsync(_directory, "plan", plan, "--format", "sarif", "--ledger", "l.db");
        var again = await CliRun.RunAsync(_directory, "plan", plan, "--format", "sarif", "--ledger", "l.db");

        var results = JsonDocument.Parse(first.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBeGreaterThan(3);
        results.Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()).Distinct().ShouldBe([1]);
        var hashes = LineHashes(first.Out);
        hashes.ShouldBeUnique();
        hashes.ShouldAllBe(h => System.Text.RegularExpressions.Regex.IsMatch(h, "^[0-9a-f]{16}:[1-9][0-9]*$"));
        results.ShouldAllBe(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()
            == SarifFingerprints.LineHash(r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString()!, 1));
        LineHashes(again.Out).ShouldBe(hashes);
    }
}
