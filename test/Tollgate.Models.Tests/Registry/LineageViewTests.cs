using Tollgate.Domain.Verdicts;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Registry;

/// <summary>The text answer of <c>tollgate model lineage</c>: what trained a version, parameters and metrics included.</summary>
public sealed class LineageViewTests
{
    [Fact]
    public async Task Text_VersionWithParamsAndMetrics_ShowsThemAsRecorded()
    {
        // Before: --format json had "params" and "metrics", the text an on-call engineer reads had neither.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "a,b\n1,2\n");
        m.Write("p.json", "{\n  \"lr\": 0.1,\n  \"depth\": 6,\n  \"loss\": \"log\",\n  \"layers\": [64, 32]\n}\n");
        m.Write("m.json", "{\"auc\": 0.91}");
        var registered = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("churn", "5", "model.bin", ["train.csv"]) { Params = "p.json", Metrics = "m.json" }, m.Context());
        registered.Verdict.ShouldBe(Verdict.Pass, registered.Reason);

        var text = LineageView.Text([(await m.Registry.FindAsync("churn", "5"))!], await m.Registry.StagesAsync("churn"));

        text.Split('\n').ShouldContain("  params    lr=0.1, depth=6, loss=log, layers=[64,32]");
        text.Split('\n').ShouldContain("  metrics   auc=0.91");
    }

    [Fact]
    public async Task Text_VersionWithoutParams_HasNoParamsLine()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "a,b\n1,2\n");
        await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("churn", "5", "model.bin", ["train.csv"]), m.Context());

        var text = LineageView.Text([(await m.Registry.FindAsync("churn", "5"))!], await m.Registry.StagesAsync("churn"));

        text.ShouldNotContain("params");
        text.ShouldNotContain("metrics");
    }
}
