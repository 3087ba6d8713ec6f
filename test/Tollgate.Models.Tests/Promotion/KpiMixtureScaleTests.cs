using System.Globalization;
using System.Text;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// The mixture's τ is the allowed loss (a spec allowing none is refused, KpiSpecPrometheusTests); where a relative
/// allowance comes to 0 on a live KPI of 0, τ is 0.1 of the larger arm's standard deviation and the report says so,
/// for the printed interval and p-values to be recomputed from what is printed.
/// </summary>
public sealed class KpiMixtureScaleTests
{
    [Fact]
    public void Compare_LiveKpiZero_TauIsATenthOfTheLargerSpread()
    {
        var spec = new KpiSpec("errors", "error") { HigherIsBetter = false, MaxDrop = 0.1, MinSamples = 200 };

        var slice = KpiJudge.Compare("(all)", (4000, 0.01, 0.0099), (4000, 0, 0), spec);

        slice.AllowedLoss.ShouldBe(0);
        slice.Tau.ShouldBe(0.1 * Math.Sqrt(0.0099), 1e-15);
        var variance = slice.StandardError * slice.StandardError;
        slice.RegressionP.ShouldBe(AlwaysValid.OneSided(slice.Difference, variance, 0, slice.Tau * slice.Tau, greater: false), 1e-12);
    }

    [Fact]
    public async Task Promote_RelativeAllowanceOfALiveKpiOfZero_ReportSaysWhichTauItUsed()
    {
        // Before: τ fell back unsaid (to 1% of the live value, or 0.1 σ when that was 0), and the interval could not be recomputed.
        await using var m = await WithLiveVersionOneAsync("kpi: errors\ncolumn: error\ndirection: lower\nmaxDrop: 0.1\nminSamples: 200\n", i => (0, i % 100 == 0 ? 1 : 0));

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Facts.Single(f => f.Key == "slice (all)").Value.ShouldContain("allowed loss 0 (the live 0 allows none of a relative loss: mixture τ 0.01, 0.1 of the larger arm's standard deviation); regression p");
    }

    [Fact]
    public async Task Promote_OneSlice_SaysOverAllRequestsWithTheAllowedLossAsTau()
    {
        await using var m = await WithLiveVersionOneAsync("kpi: conversion\ncolumn: converted\ndirection: higher\nmaxDrop: 0.1\nminSamples: 200\n", i => (i % 10 == 0 ? 1 : 0, i % 5 == 0 ? 1 : 0));

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Reason.ShouldEndWith("is within the allowed loss of fraud@1 over all requests (no slices)"); // was "in all 1 slice"
        report.Facts.Single(f => f.Key == "slice (all)").Value.ShouldNotContain("τ");
    }

    /// <summary>fraud@1 live, fraud@2 registered, the spec as kpi.yaml and a log of 4,000 requests each, valued by <paramref name="value"/>.</summary>
    private static async Task<ModelLedger> WithLiveVersionOneAsync(string spec, Func<int, (int Live, int Candidate)> value)
    {
        var m = await ModelLedger.OpenAsync();
        m.Write("train.csv", "x\n1\n");
        foreach (var version in new[] { "1", "2" })
        {
            m.Write($"model-{version}.bin", "weights " + version);
            (await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", version, $"model-{version}.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
        }

        (await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@1") { Initial = true }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        await m.Drills.RecordDrillAsync(new Drill("model:fraud", true, TimeSpan.FromSeconds(3), m.Clock.GetUtcNow()));
        m.Write("kpi.yaml", spec);
        var column = spec.Split('\n').Single(l => l.StartsWith("column: ", StringComparison.Ordinal))["column: ".Length..];
        var log = new StringBuilder($"request_id,model_version,{column}\n");
        for (var i = 0; i < 4000; i++)
        {
            var (live, candidate) = value(i);
            log.Append(CultureInfo.InvariantCulture, $"l{i},1,{live}\nc{i},2,{candidate}\n");
        }

        m.Write("log.csv", log.ToString());
        return m;
    }
}
