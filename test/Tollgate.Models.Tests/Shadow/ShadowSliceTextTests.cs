using System.Globalization;
using System.Text;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Shadow;

namespace Tollgate.Models.Tests.Shadow;

/// <summary>
/// A shadow slice whose value has white space at either end (<c>eu </c>, a stray space in the log) is a slice of its
/// own, and the words people read quote it (<c>region="eu "</c>), as drift's do: unquoted, <c>fraud@2 in region=eu
/// against fraud@1</c> named the clean <c>eu</c> slice, which agreed.
/// </summary>
public sealed class ShadowSliceTextTests
{
    [Fact]
    public async Task RunAsync_DisagreementInASliceWithATrailingSpace_NamesTheSliceQuoted()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var random = new Random(11);
        var text = new StringBuilder("request_id,model_version,region,prediction,label\n");
        var id = 0;
        foreach (var region in new[] { "eu", "eu " })
        {
            for (var i = 0; i < 2000; i++)
            {
                var live = random.NextDouble();
                var label = random.NextDouble() < live ? 1 : 0;
                var candidate = region == "eu " ? 1 - live : Math.Clamp(live + 0.05 * (random.NextDouble() - 0.5), 0, 1);
                text.Append(CultureInfo.InvariantCulture, $"q{id},1,{region},{live:0.####},{label}\nq{id},2,{region},{candidate:0.####},{label}\n");
                id++;
            }
        }

        m.Write("shadow.csv", text.ToString());

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"] }, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        var finding = report.Findings.Where(f => (string)f.Evidence["slice"]! != "(all)").ShouldHaveSingleItem(string.Join(" | ", report.Findings.Select(f => f.Message)));
        finding.Evidence["slice"].ShouldBe("region=eu "); // as recorded, for the JSON
        TextSafe.Line(finding.Message).ShouldStartWith("fraud@2 in region=\"eu \" against fraud@1: ");
        report.Facts.Select(f => f.Key).Where(k => k.StartsWith("slice ", StringComparison.Ordinal)).ShouldBe(["slice (all)", "slice region=eu", "slice region=\"eu \""], ignoreOrder: true); // the text report's lines
    }
}
