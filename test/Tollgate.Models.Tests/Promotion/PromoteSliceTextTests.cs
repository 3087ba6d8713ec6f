using System.Globalization;
using System.Text;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// A KPI slice whose value has white space at either end (<c>eu </c>, a stray space in the prediction log) is a slice
/// of its own, and the reason and the <c>kpi-regression</c> finding quote it (<c>region="eu "</c>), as drift's words
/// do: unquoted, "regressed … in region=eu " named the clean <c>eu</c> slice, which held.
/// </summary>
public sealed class PromoteSliceTextTests
{
    [Fact]
    public async Task Promote_RegressionInASliceWithATrailingSpace_NamesTheSliceQuoted()
    {
        await using var m = await ModelLedger.OpenAsync();
        foreach (var version in new[] { "1", "2" })
        {
            m.Write($"model-{version}.bin", "weights " + version);
            m.Write("train.csv", "x\n1\n");
            (await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", version, $"model-{version}.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
        }

        (await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@1") { Initial = true }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        m.Clock.Advance(TimeSpan.FromDays(1));
        await m.Drills.RecordDrillAsync(new Drill("model:fraud", true, TimeSpan.FromSeconds(3), m.Clock.GetUtcNow()));
        m.Write("kpi.yaml", ModelFixtures.KpiSpec);
        var random = new Random(2);
        var text = new StringBuilder("request_id,model_version,region,prediction,converted\n");
        var id = 0;
        foreach (var region in new[] { "eu", "eu " })
        {
            foreach (var (version, rate) in new[] { ("1", 0.10), ("2", region == "eu " ? 0.07 : 0.10) })
            {
                for (var i = 0; i < 40000; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"r{id++},{version},{region},{random.NextDouble():0.###},{(random.NextDouble() < rate ? 1 : 0)}\n");
                }
            }
        }

        m.Write("log.csv", text.ToString());

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        report.Reason.ShouldBe("roll back fraud@2: conversion regressed beyond the allowed loss in (all), region=\"eu \"");
        var finding = report.Findings.Where(f => f.Rule == "kpi-regression" && (string)f.Evidence["slice"]! != KpiLog.AllRows).ShouldHaveSingleItem();
        finding.Evidence["slice"].ShouldBe("region=eu "); // as recorded, for the JSON
        TextSafe.Line(finding.Message).ShouldStartWith("conversion in region=\"eu \": ");
        report.Facts.Select(f => f.Key).ShouldContain("slice region=\"eu \""); // the text report's line
    }
}
