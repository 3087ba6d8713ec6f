using System.Globalization;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Verdicts;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// <c>deploy watch</c> against a real Prometheus backfilled with checkout's traffic around a deploy at
/// <see cref="DeployLedger.T0"/>: an errors query whose metric name or label is misspelt answers nothing, as a service
/// without errors does. <c>tollgate canary</c> refuses it (exit 3); a watch, with the new version already live, holds every look
/// with the reason and records it, never reading the empty answer as zero errors and promoting.
/// </summary>
public sealed class WatchMistakeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private readonly Traffic _prometheus = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        await _prometheus.ServeAsync();
        _deploys = await DeployLedger.OpenAsync("tollgate-watchmistake-");
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", deploy)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1)); // every look is in the past: judged without waiting
    }

    private async Task<Domain.Reports.Report> WatchAsync(string spec)
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        await File.WriteAllTextAsync(path, spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(5)) { MaxWait = TimeSpan.FromMinutes(6) };
        var source = new PrometheusSource(_http, _prometheus.Url, new PrometheusOptions(TimeSpan.FromSeconds(5)), TimeProvider.System);
        return await new DeployGate(_deploys.Store, source, TextWriter.Null).WatchAsync(request, _deploys.Context());
    }

    [Fact]
    public async Task Watch_ErrorsMetricNameMisspelt_HoldsEveryLookNamingTheMetric()
    {
        var report = await WatchAsync(DeployGateTests.Spec.Replace("http_requests_total{code=~", "http_request_total{code=~", StringComparison.Ordinal));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldContain("errors: the source has no series named http_request_total (a metric name that does not exist, not zero errors)");
        report.Findings.ShouldAllBe(f => f.Rule == "no-data");
        var looks = await _deploys.Ledger.RecentAsync("canary", 20);
        looks.Count.ShouldBe(6, "every look recorded, up to the deadline");
        looks.ShouldAllBe(l => l.Verdict == "hold" && l.Reason.Contains("no series named http_request_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_ErrorsLabelMisspelt_HoldsEveryLookNamingTheLabel()
    {
        // The metric exists but no series carries cdoe: before, the empty answer read as zero errors and the watch promoted.
        var report = await WatchAsync(DeployGateTests.Spec.Replace("{code=~", "{cdoe=~", StringComparison.Ordinal));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldContain("errors: no series of http_requests_total carries the label 'cdoe' (a label name that does not exist, not zero errors)");
        report.Findings.ShouldAllBe(f => f.Rule == "no-data");
        var looks = await _deploys.Ledger.RecentAsync("canary", 20);
        looks.Count.ShouldBe(6, "every look recorded, up to the deadline");
        looks.ShouldAllBe(l => l.Verdict == "hold" && l.Reason.Contains("carries the label 'cdoe'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_SameTrafficWithTheRightName_Promotes()
    {
        // The same watch with the metric named right: the hold above is the misspelt name's doing.
        var report = await WatchAsync(DeployGateTests.Spec);

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
    }

    public async Task DisposeAsync()
    {
        await _deploys.DisposeAsync();
        await _prometheus.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>checkout's requests from 20 minutes before the deploy to 20 after, scraped every 15 s: about 1,000 a minute, 0.1 % errors, seeded.</summary>
    private sealed class Traffic() : BackfilledPrometheus("tollgate-watchmistake-", Write)
    {
        public Task ServeAsync() => StartAsync();

        private static void Write(TextWriter w)
        {
            var random = new Random(20260302);
            var (ok, errors) = (0L, 0L);
            var okLines = new List<string>();
            var errorLines = new List<string>();
            for (var at = T0.AddMinutes(-20); at <= T0.AddMinutes(20); at = at.AddSeconds(15))
            {
                ok += random.Next(230, 271);
                errors += random.NextDouble() < 0.25 ? 1 : 0;
                var seconds = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                okLines.Add($"http_requests_total{{app=\"checkout\",code=\"200\"}} {ok} {seconds}");
                errorLines.Add($"http_requests_total{{app=\"checkout\",code=\"500\"}} {errors} {seconds}");
            }

            foreach (var line in okLines.Concat(errorLines))
            {
                w.Write(line + "\n");
            }

            w.Write("# EOF\n");
        }
    }
}
