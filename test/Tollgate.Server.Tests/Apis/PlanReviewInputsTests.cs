using System.Text.Json;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Ledger;
using Tollgate.Policies.Scanners;
using Tollgate.Server.Apis;
using Tollgate.Server.Hosting;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// An approval's <c>"scans"</c> are read once, where they lie in the body, and the gate judges what was read: the same
/// findings (named <c>scan-N.json</c>) and the same approval target as when each was written beside the plan and
/// parsed again by the gate; a scan that does not read is a 400 naming its field.
/// </summary>
public sealed class PlanReviewInputsTests : IDisposable
{
    private const string Tfsec = """
        {"results": [{"long_id": "custom-input-pinned", "description": "input is not pinned", "severity": "MEDIUM", "resource": "terraform_data.b"}]}
        """;

    private const string Checkov = """
        {"check_type": "terraform", "results": {"failed_checks": [{"check_id": "CKV_TF_1", "check_name": "pin it", "resource": "terraform_data.a", "severity": "HIGH"}]}}
        """;

    private static readonly Policy ReviewScans = Policy.Default with { ReviewOn = ["destroy", "replace", "forget", "scanner/*"] };

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-review-inputs-").FullName;

    private ServeOptions Options => new("http://127.0.0.1:0", null, _dir, Pillars.Rules, Pillars.Vocabulary);

    private static JsonDocument Body(string scans) => JsonDocument.Parse($$"""{"plan": {}, "by": "alice", "reason": "OPS-12", "scans": {{scans}}}""");

    private static string Shown(Finding f) =>
        $"{f.Rule} {f.Severity} {f.Address} {f.Message} {string.Join(", ", f.Evidence.Select(e => $"{e.Key}={e.Value}"))}";

    [Fact]
    public async Task Request_Scans_ReadOnceAndTheGateJudgesWhatWasReadAsItJudgedTheWrittenFiles()
    {
        using var body = Body($"[{Tfsec}, {Checkov}]");
        using var upload = PlanUpload.Create();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"), upload.Path);
        await using var ledger = await LedgerLocation.OpenAsync("gate.db", _dir, TimeProvider.System);
        var context = new GateContext(TimeProvider.System, ledger, ReviewScans, upload.Directory);

        var request = PlanReviewInputs.Request(body.RootElement, Options);
        var uploaded = Directory.GetFiles(upload.Directory).Select(Path.GetFileName).ToList();
        var target = await PlanApproval.TargetAsync(request, context);
        // Before: each scan was written beside the plan as scan-N.json and the gate parsed that file again.
        var scans = body.RootElement.GetProperty("scans").EnumerateArray().Select((scan, i) => (Name: $"scan-{i + 1}.json", Text: scan.GetRawText())).ToList();
        scans.ForEach(s => File.WriteAllText(Path.Combine(upload.Directory, s.Name), s.Text));
        var before = await PlanApproval.TargetAsync(new PlanRequest(PlanUpload.FileName) { Scans = [.. scans.Select(s => s.Name)] }, context);

        uploaded.ShouldBe([PlanUpload.FileName], "no scan is written for the gate to read again");
        request.Scans.ShouldBeEmpty();
        request.ScanFindings.Select(f => (f.Rule, f.Address, f.Evidence["file"])).ShouldBe(
            [("scanner/tfsec/custom-input-pinned", "terraform_data.b", "scan-1.json"), ("scanner/checkov/CKV_TF_1", "terraform_data.a", "scan-2.json")]);
        target.Digest.ShouldBe(before.Digest);
        target.Digest.ShouldNotBe((await PlanApproval.TargetAsync(new PlanRequest(PlanUpload.FileName), context)).Digest, "the scan findings under review are bound");
        target.Reviewing.Select(Shown).ShouldBe(before.Reviewing.Select(Shown));
        target.Reviewing.Count(f => f.Rule.StartsWith("scanner/", StringComparison.Ordinal)).ShouldBe(2);
    }

    public static TheoryData<string, string, string> BadScans => new()
    {
        { """["tfsec.json"]""", "scans[0]", "a path is not read on the server: send the scan result itself (the JSON document tollgate approve --scan reads)" },
        { """{"results": []}""", "scans", "expected an array of scan results (each the SARIF, Checkov, tfsec, Trivy or Conftest JSON a scanner wrote), found an object" },
        { $$"""[{{Tfsec}}, {"findings": []}]""", "scans[1]", "scan result scans[1] is neither SARIF nor a Checkov, tfsec, Trivy or Conftest JSON report" },
        { """[{"runs": [{"tool": null}]}]""", "scans[0].runs[0].tool", "expected an object, found null" },
    };

    [Theory]
    [MemberData(nameof(BadScans))]
    public void Request_ScanThatDoesNotRead_BadFieldNamingIt(string scans, string field, string problem)
    {
        using var body = Body(scans);

        var e = Should.Throw<BadFieldException>(() => PlanReviewInputs.Request(body.RootElement, Options));

        (e.Field, e.Message).ShouldBe((field, $"{field}: {problem}"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
