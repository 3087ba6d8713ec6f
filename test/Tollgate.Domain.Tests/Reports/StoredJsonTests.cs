using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Tests.Reports;

/// <summary>Findings written for the ledger in UTF-8 segments: the same text as one string, however it is cut.</summary>
public sealed class StoredJsonTests
{
    private static List<Finding> Findings(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Finding("destroy", Severity.High, $"terraform_data.r{i}", $"r{i} is destroyed (Zürich → 東京 🚀)") { Module = "module.m" })];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5000)]
    public void StoredFindings_AnyCount_SegmentsJoinToTheStringAndItsUtf8(int count)
    {
        var findings = Findings(count);

        var stored = ReportJson.StoredFindings(findings);

        var text = stored.ToString();
        text.ShouldStartWith("[");
        text.ShouldEndWith("]");
        FindingsJson.Read(text).Select(f => f.Address).ShouldBe(findings.Select(f => f.Address));
        var joined = stored.Utf8Segments.SelectMany(s => s.ToArray()).ToArray();
        joined.ShouldBe(Encoding.UTF8.GetBytes(text));
        stored.Utf8Length.ShouldBe(joined.Length);
        stored.IsLarge.ShouldBe(joined.Length > 1 << 16);
    }

    [Fact]
    public void StoredFindings_ManyFindings_SeveralSegmentsNoneLargerThan64KiB()
    {
        var stored = ReportJson.StoredFindings(Findings(5000));

        stored.IsLarge.ShouldBeTrue();
        stored.Utf8Segments.Count().ShouldBeGreaterThan(1);
        stored.Utf8Segments.ShouldAllBe(s => s.Length <= 1 << 16);
    }

    [Fact]
    public void FromString_Text_SameTextOneSegmentNeverLarge()
    {
        var stored = StoredJson.FromString("[\"é\"]");

        stored.ToString().ShouldBe("[\"é\"]");
        stored.Utf8Length.ShouldBe(6);
        stored.IsLarge.ShouldBeFalse();
        stored.Utf8Segments.ShouldHaveSingleItem().ToArray().ShouldBe(Encoding.UTF8.GetBytes("[\"é\"]"));
    }
}
