using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Tests.Reports;

/// <summary>The report written once for a server's answer and its ledger row: the same bytes as each written alone.</summary>
public sealed class ReportJsonTests
{
    private static Report Canary(params Finding[] findings) =>
        new("canary", "checkout", "sha256:ab", Verdict.Pass, [new("slices", 1), new("pass", 1)], findings)
        {
            Reason = "1 slice held — within bounds",
            Notes = ["an exception expired"],
            Facts = [new("source", "replay:checkout.replay")],
        };

    private static Finding Relative(string address) =>
        new("relative", Severity.Info, address, $"{address}: error rate 1.0x baseline (1.00% vs 1.00%)")
        {
            Evidence = new Dictionary<string, object?>
            {
                ["ratio"] = 1.0,
                ["interval"] = new[] { 0.006960601012569793, 0.013874295214707007 },
                ["slice"] = new Dictionary<string, object?> { ["region"] = "eu-west-1" },
                ["test"] = "rate ≤ min(baseline, \"maxValue\")",
            },
            Related = ["slo"],
            Suppression = new Suppression("exception", "known noise") { Owner = "sre" },
        };

    [Fact]
    public void ToUtf8WithStoredFindings_NoModules_ReportAsWrittenAloneAndFindingsAsStored()
    {
        var report = Canary(Relative("all traffic"), Relative("region=eu-west-1"));

        var (utf8, stored) = ReportJson.ToUtf8WithStoredFindings(report);

        utf8.ShouldBe(ReportJson.ToUtf8(report, indented: false));
        stored.ShouldBe(ReportJson.SerializeFindings(report.Findings));
        Encoding.UTF8.GetString(utf8).ShouldContain("\"findings\":" + stored + ",\"approvals\":");
    }

    [Fact]
    public void ToUtf8WithStoredFindings_FindingWithModule_StoredFindingsKeepTheModule()
    {
        var report = Canary(
            Relative("module.payments[\"eu\"].aws_db_instance.main") with { Module = "module.payments[\"eu\"]" },
            Relative("all traffic"),
            Relative("error-rate") with { Module = "error-rate" });

        var (utf8, stored) = ReportJson.ToUtf8WithStoredFindings(report);

        utf8.ShouldBe(ReportJson.ToUtf8(report, indented: false));
        stored.ShouldBe(ReportJson.SerializeFindings(report.Findings));
        stored.ShouldContain("\"module\":\"module.payments[\\\"eu\\\"]\"");
        FindingsJson.Read(stored).Select(f => f.Module).ShouldBe(["module.payments[\"eu\"]", "", "error-rate"]);
        Encoding.UTF8.GetString(utf8).ShouldNotContain("\"module\"");
    }

    [Fact]
    public void ToUtf8WithStoredFindings_NoFindings_EmptyArray()
    {
        var (_, stored) = ReportJson.ToUtf8WithStoredFindings(Canary());

        stored.ShouldBe("[]");
    }

    [Fact]
    public void WrittenEvidence_CompactAndIndented_SameBytesAsPlainEvidenceAndWrittenOnce()
    {
        var plain = Relative("all traffic") with { Module = "error-rate" };
        var written = plain with { Evidence = new WrittenEvidenceDictionary(plain.Evidence) };
        var evidence = (WrittenEvidenceDictionary)written.Evidence;

        var first = ReportJson.ToUtf8WithStoredFindings(Canary(written, written));
        var bytes = evidence.CompactUtf8.ToArray();
        var second = ReportJson.ToUtf8WithStoredFindings(Canary(written, written));

        first.Utf8.ShouldBe(ReportJson.ToUtf8(Canary(plain, plain), indented: false));
        first.StoredFindings.ShouldBe(ReportJson.SerializeFindings([plain, plain]));
        second.Utf8.ShouldBe(first.Utf8);
        ReportJson.ToUtf8(Canary(written), indented: true).ShouldBe(ReportJson.ToUtf8(Canary(plain), indented: true));
        evidence.CompactUtf8.SequenceEqual(bytes).ShouldBeTrue();
        System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(evidence.CompactUtf8),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(evidence.CompactUtf8)).ShouldBeTrue("kept, not written again");
        evidence["ratio"].ShouldBe(1.0);
        evidence.Count.ShouldBe(plain.Evidence.Count);
    }

    [Theory]
    [InlineData(3, 5, 3, 22, """{"file":"main.tf.json","line":3,"column":5,"endLine":3,"endColumn":22}""")]
    [InlineData(1, 1, 3, 2, """{"file":"main.tf.json","line":1,"column":1,"endLine":3,"endColumn":2}""")]
    [InlineData(2, 0, 0, 0, """{"file":"main.tf.json","line":2}""")]
    [InlineData(2, 7, 0, 0, """{"file":"main.tf.json","line":2,"column":7}""")]
    public void Serialize_FindingWithALocation_EndsItWhereTheSpanIsKnown(int line, int column, int endLine, int endColumn, string expected)
    {
        // Before: the location had file, line and column only, where SARIF's region had the end too.
        var finding = Relative("local.a") with { Location = new SourceLocation("main.tf.json", line, column) { EndLine = endLine, EndColumn = endColumn } };

        var json = Encoding.UTF8.GetString(ReportJson.ToUtf8(Canary(finding), indented: false));

        json.ShouldContain("\"location\":" + expected + ",");
        ReportJson.Serialize(Canary(finding)).ReplaceLineEndings("").Replace(" ", "", StringComparison.Ordinal).ShouldContain("\"location\":" + expected);
    }
}
