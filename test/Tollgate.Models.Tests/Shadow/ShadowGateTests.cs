using System.Globalization;
using System.Text;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Shadow;

namespace Tollgate.Models.Tests.Shadow;

public sealed class ShadowGateTests
{
    /// <summary>Paired scores: live ~ U(0,1); the candidate is live plus noise, and in <paramref name="badRegion"/> inverted.</summary>
    private static string Log(ModelLedger m, int perRegion, double noise, string? badRegion = null, bool labels = false)
    {
        var random = new Random(42);
        var text = new StringBuilder("request_id,model_version,region,prediction" + (labels ? ",label" : "") + "\n");
        var id = 0;
        foreach (var region in new[] { "eu", "us" })
        {
            for (var i = 0; i < perRegion; i++)
            {
                var live = random.NextDouble();
                var label = random.NextDouble() < live ? 1 : 0;
                var candidate = region == badRegion ? 1 - live : Math.Clamp(live + noise * (random.NextDouble() - 0.5), 0, 1);
                var tail = labels ? $",{label}" : "";
                text.Append(CultureInfo.InvariantCulture, $"q{id},1,{region},{live:0.####}{tail}\nq{id},2,{region},{candidate:0.####}{tail}\n");
                id++;
            }
        }

        return m.Write("shadow.csv", text.ToString());
    }

    [Fact]
    public async Task RunAsync_CandidateCloseToLive_PassesAndRecordsTheShadowStage()
    {
        await using var m = await ModelLedger.OpenAsync();
        Log(m, 2000, 0.05, labels: true);

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"], MaxAccuracyDrop = 0.02 }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        ProductionLine.StageOf(await m.Registry.StagesAsync("fraud"), "2").ShouldBe(ModelStages.Shadow);
    }

    [Fact]
    public async Task RunAsync_InvertedInOneRegion_FindsShadowDisagreementThereOnly()
    {
        await using var m = await ModelLedger.OpenAsync();
        Log(m, 2000, 0.05, badRegion: "eu", labels: true);

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"] }, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        var slices = report.Findings.Select(f => (string)f.Evidence["slice"]!).ToList();
        slices.ShouldContain("region=eu");
        slices.ShouldNotContain("region=us");
        report.Findings.Single(f => (string)f.Evidence["slice"]! == "region=eu").Message.ShouldContain("accuracy");
        (await m.Registry.StagesAsync("fraud")).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_TooFewPairs_Holds()
    {
        await using var m = await ModelLedger.OpenAsync();
        Log(m, 20, 0.05);
        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());
        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
    }
}
