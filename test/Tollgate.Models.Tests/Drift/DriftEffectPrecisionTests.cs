using System.Text.Json;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>The JSON report carries the effect size the drift decision compared with --min-effect, to the last bit.</summary>
public sealed class DriftEffectPrecisionTests
{
    [Fact]
    public void Build_EffectJustBelowMinEffect_JsonCarriesTheExactEffectTheDecisionCompared()
    {
        // Six significant digits printed effectSize 0.1 beside a window not drifted at --min-effect 0.1.
        var request = new DriftRequest(["r.csv"], "c.csv") { Alpha = 0.05, MinEffect = 0.1 };
        var results = DriftGate.Adjust([Window("income", 0.09999996), Window("age", 0.10000004)], request);

        var report = GatePipeline.Judge(DriftReport.Build(request, results, "sha256:x"), Policy.Default, [], Judged.Clock);
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));

        var figures = json.RootElement.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("address").GetString()!);
        var below = figures["income"];
        below.GetProperty("flagged").GetBoolean().ShouldBeFalse();
        below.GetProperty("effectSize").GetDouble().ShouldBe(0.09999996);
        below.GetProperty("effectSize").GetDouble().ShouldBeLessThan(request.MinEffect);

        var finding = json.RootElement.GetProperty("findings").EnumerateArray().ShouldHaveSingleItem();
        finding.GetProperty("address").GetString().ShouldBe("age");
        var evidence = finding.GetProperty("evidence");
        evidence.GetProperty("effectSize").GetDouble().ShouldBe(results.Single(r => r.Feature == "age").Effect);
        evidence.GetProperty("wassersteinNormalised").GetDouble().ShouldBe(0.10000004);
        figures["age"].GetProperty("effectSize").GetDouble().ShouldBe(0.10000004);
    }

    private static FeatureDrift Window(string feature, double effect) => new("(all)", feature, "numeric", 5000, 5000)
    {
        Test = "ks-asymptotic", Statistic = 0.0271234567, PValue = 1e-9, EffectName = "wasserstein/std",
        Effect = effect, WassersteinNormalised = effect, Psi = 0.03, PsiPValue = 0.0123456789012345, Bins = 10,
    };
}
