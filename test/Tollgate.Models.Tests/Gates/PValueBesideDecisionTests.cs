using System.Globalization;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Gates;
using Tollgate.Models.Promotion;
using Tollgate.Models.Tests.Trends;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests.Gates;

/// <summary>The KPI and trend gates print p as shadow does: never rounded across the level the decision was made at.</summary>
public sealed class PValueBesideDecisionTests
{
    [Fact]
    public void KpiRegression_AdjustedPJustBelowAlpha_PrintsItBelowAlpha()
    {
        // Before: "p 0.05 Holm" beside a regression found at α 0.05.
        var slice = new KpiSlice(KpiLog.AllRows, 5_000, 5_000, 0.8, 0.85) { AdjustedRegressionP = 0.049996, Regressed = true, Interval = (-0.07, -0.03) };
        var version = new ModelVersion("m", "2", "sha256:00", DateTimeOffset.UnixEpoch);

        var finding = KpiRegression.Finding(version, "1", new KpiSpec("conversion", "converted") { Alpha = 0.05 }, slice);

        finding.Message.ShouldContain("p 0.049996 Holm");
    }

    [Fact]
    public void TrendGate_MannKendallPJustBelowAlpha_PrintsItBelowAlpha()
    {
        // Before: four decimals, so a p of 0.0123456 at α 0.0123457 printed "p 0.0123" or "p 0.0124" beside the decision.
        using var dir = new TempDirectory();
        foreach (var seed in Enumerable.Range(1, 40))
        {
            var series = TrendGateTests.Write(dir, TrendGateTests.Kpi(seed, 60, i => -0.0006 * i));
            var first = Judged.Trend(new TrendRequest(series) { Alpha = 0.5 });
            if (first.Findings.FirstOrDefault(f => f.Rule == "trend")?.Evidence["mannKendallP"] is not double p
                || p < 1e-3 || double.Parse(ShortNumber.Of(p), CultureInfo.InvariantCulture) <= p)
            {
                continue;
            }

            var alpha = p * (1 + 1e-9);
            var report = Judged.Trend(new TrendRequest(series) { Alpha = alpha });

            report.Verdict.ShouldBe(Verdict.Fail);
            var printed = report.Findings.Single(f => f.Rule == "trend").Message.Split("Mann-Kendall p ")[1];
            double.Parse(printed, CultureInfo.InvariantCulture).ShouldBeLessThan(alpha);
            printed.ShouldBe(PValueText.Of(p, alpha));
            return;
        }

        throw new InvalidOperationException("no seed gave a Mann-Kendall p that four decimals round up");
    }
}
