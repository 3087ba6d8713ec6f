using System.Text.Json;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>The JSON report carries the p-values the drift decision used, to the last bit; only text rounds them.</summary>
public sealed class DriftPValuePrecisionTests
{
    [Fact]
    public void Build_AdjustedPJustBelowAlpha_JsonCarriesTheExactPTheDecisionComparedWithAlpha()
    {
        // Six significant digits printed 0.05 in JSON beside a window found drifted at α 0.04999997.
        const double alpha = 0.04999997;
        var request = new DriftRequest(["r.csv"], "c.csv") { Alpha = alpha, MinEffect = 0.1 };
        var window = new FeatureDrift("(all)", "income", "numeric", 5000, 5000)
        {
            Test = "ks-asymptotic", Statistic = 0.0271234567, PValue = 0.0499999612345678, EffectName = "wasserstein/std",
            Effect = 0.25, Psi = 0.03, PsiPValue = 0.0123456789012345, Bins = 10,
        };
        var results = DriftGate.Adjust([window], request);

        var report = GatePipeline.Judge(DriftReport.Build(request, results, "sha256:x"), Policy.Default, [], Judged.Clock);
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));

        report.Verdict.ShouldBe(Verdict.Fail);
        var evidence = json.RootElement.GetProperty("findings")[0].GetProperty("evidence");
        var adjusted = evidence.GetProperty("adjustedPValue").GetDouble();
        adjusted.ShouldBe(results[0].AdjustedPValue);
        adjusted.ShouldBeLessThan(alpha);
        evidence.GetProperty("pValue").GetDouble().ShouldBe(window.PValue);
        evidence.GetProperty("psiPValue").GetDouble().ShouldBe(window.PsiPValue);
        report.Findings[0].Message.ShouldContain("Holm 0.04999996"); // the text stays short, yet below α
    }
}
