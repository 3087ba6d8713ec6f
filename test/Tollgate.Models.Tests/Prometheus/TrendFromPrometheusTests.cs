using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests.Prometheus;

/// <summary><c>model trend --prometheus QUERY</c> against a real Prometheus holding 60 days of a daily KPI.</summary>
[Collection(KpiPrometheusCollection.Name)]
public sealed class TrendFromPrometheusTests(KpiPrometheusFixture prometheus)
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private PrometheusSource Source(Uri? url = null) =>
        new(Http, url ?? prometheus.Url, new PrometheusOptions(TimeSpan.FromSeconds(5), Attempts: 2, Backoff: TimeSpan.FromMilliseconds(50)), TimeProvider.System);

    private static TrendRequest Request(string model) => new("")
    {
        Query = $"avg_over_time(model_kpi{{model=\"{model}\"}}[1d])",
        Range = TimeSpan.FromDays(59),
        Step = TimeSpan.FromDays(1),
        Model = model,
        Name = "conversion",
    };

    private static async Task<Domain.Reports.Report> JudgeAsync(TrendRequest request, IMetricSource source) =>
        Domain.Gates.GatePipeline.Judge(await TrendGate.EvidenceAsync(request, source, KpiTraffic.JudgeAt, CancellationToken.None), Domain.Policies.Policy.Default, [], Judged.Clock);

    [Fact]
    public async Task Trend_SustainedDeclineInPrometheus_FailsWithSlopeAndOnset()
    {
        var report = await JudgeAsync(Request("fraud"), Source());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        report.Subject.ShouldBe("fraud#conversion");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("points", 60));
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Address.ShouldBe("conversion");
        ((double)finding.Evidence["slopePerDay"]!).ShouldBeInRange(-0.006, -0.002);
        var onset = DateTimeOffset.Parse((string)finding.Evidence["onset"]!, System.Globalization.CultureInfo.InvariantCulture);
        (onset - KpiTraffic.TrendStart).TotalDays.ShouldBeInRange(25, 45);
    }

    [Fact]
    public async Task Trend_FlatSeriesWithOneSpike_Passes()
    {
        var report = await JudgeAsync(Request("steady"), Source());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Summary.ShouldContain(new KeyValuePair<string, long>("points", 60));
    }

    [Fact]
    public async Task Trend_PrometheusDown_Holds()
    {
        var report = await JudgeAsync(Request("fraud"), Source(new Uri("http://127.0.0.1:1/")));

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("metric source unavailable: cannot reach Prometheus");
    }

    [Fact]
    public async Task Trend_QueryMatchingNothing_HoldsOnNoData()
    {
        var report = await JudgeAsync(Request("nobody"), Source());

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("no data");
    }

    [Fact]
    public async Task Trend_QueryWithSeveralSeries_IsAnInputError()
    {
        var request = Request("fraud") with { Query = "avg_over_time(model_kpi[1d])" };

        var error = await Should.ThrowAsync<InvalidInputException>(() => JudgeAsync(request, Source()));

        error.Message.ShouldContain("returns 2 series");
    }
}
