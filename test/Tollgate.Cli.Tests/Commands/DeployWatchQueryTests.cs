using System.Text.Json;
using Tollgate.Ledger;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// A watch query Prometheus rejects: before the deploy it is the spec's fault (exit 3, nothing deployed or recorded);
/// during the watch, with the new version live, it is the source failing: the looks hold, the deploy's verdict is
/// <c>hold</c> (exit 2), recorded, naming the query and Prometheus' error; nothing is rolled back.
/// </summary>
public sealed class DeployWatchQueryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-watch-query-").FullName;

    public DeployWatchQueryTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    [Fact]
    public async Task DeployRun_QueryPrometheusRejects_Exit3BeforeTheDeployAndNothingRecorded()
    {
        var prometheus = await PrometheusProcess.StartAsync(_dir, Path.Combine(_dir, "data"));
        await using var _ = prometheus;
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec.Replace("sum(increase(total{ {{selector}} }[{{interval}}]))", "sum(increase(total{ {{selector}} }[{{interval}}])) by (", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(_dir,
            "deploy", "run", "web", "--version", "v2", "--env", "staging", "--deploy-cmd", "touch deployed", "--rollback-cmd", "touch rolled-back",
            "--spec", "slo.yaml", "--prometheus", prometheus.Url.ToString());

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            line => line.ShouldStartWith("tollgate: error: slo.yaml: metric error-rate (total): Prometheus rejected the query sum(increase(total{ app=\"web\" }[1m])) by (: bad_data: "),
            line => line.ShouldEndWith("; nothing was deployed or recorded"));
        File.Exists(Path.Combine(_dir, "deployed")).ShouldBeFalse("the deploy command must not run");
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse("nothing is recorded: no ledger is made");
    }

    [Fact]
    public async Task DeployWatch_QueryPrometheusRejects_Exit3BeforeTheFirstLookAndNothingRecorded()
    {
        var prometheus = await PrometheusProcess.StartAsync(_dir, Path.Combine(_dir, "data"));
        await using var _ = prometheus;
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v2", "--env", "staging", "--at", "2026-11-26T11:00:00Z")).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec.Replace("sum(increase(errors{", "sum(increase(errors{ {{selector}} } +", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(_dir, "deploy", "watch", "web", "--env", "staging", "--spec", "slo.yaml", "--prometheus", prometheus.Url.ToString());

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            line => line.ShouldStartWith("tollgate: error: slo.yaml: metric error-rate (errors): Prometheus rejected the query "),
            line => line.ShouldEndWith("; nothing was recorded"));
        await using var ledger = await LedgerLocation.OpenExistingAsync(null, _dir, TimeProvider.System);
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeployWatch_QueryRejectedDuringTheWatch_HoldRecordedNamingTheQueryAndError()
    {
        var (report, looks) = await WatchOnRangeRejectingPrometheusAsync("--max-wait", "3m");

        report.GetProperty("kind").GetString().ShouldBe("deploy");
        var messages = report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()!).ToList();
        messages.ShouldContain(m => m.Contains("Prometheus rejected the query sum(increase(errors{ app=\"web\" }[1m])): bad_data: " + RangeRejectingPrometheus.Error, StringComparison.Ordinal));
        looks.ShouldBe(3, "every look is recorded: at 1m, 2m and the deadline 3m");
    }

    [Fact]
    public async Task DeployWatch_QueryRejectedAtEveryLook_StopsAtTheErrorLimitWithHoldLongBeforeTheDeadline()
    {
        var (report, looks) = await WatchOnRangeRejectingPrometheusAsync("--max-wait", "30m", "--error-limit", "2");

        var stop = report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("evidence").TryGetProperty("rejectedLooks", out _));
        stop.GetProperty("rule").GetString().ShouldBe("no-data");
        stop.GetProperty("message").GetString().ShouldBe(
            "the source rejected every query of 2 looks in a row (--error-limit 2), so the watch stopped; one of them: "
            + "Prometheus rejected the query sum(increase(errors{ app=\"web\" }[1m])): bad_data: " + RangeRejectingPrometheus.Error);
        looks.ShouldBe(2, "the deadline is 30 looks away: the watch stops at the second rejected look");
    }

    /// <summary>
    /// <c>deploy watch --window 2m</c> of a deploy at 11:00 (the CLI's clock is 12:00, so every look of its watch is in the
    /// past and none waits) on <see cref="RangeRejectingPrometheus"/>: a watch that cannot measure holds, so it is exit 2,
    /// the deploy's hold recorded, nothing rolled back. The JSON report, and how many looks the ledger recorded.
    /// </summary>
    private async Task<(JsonElement Report, int Looks)> WatchOnRangeRejectingPrometheusAsync(params string[] options)
    {
        await using var prometheus = await RangeRejectingPrometheus.StartAsync();
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v2", "--env", "staging", "--at", "2026-11-26T11:00:00Z")).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync(_dir,
            ["deploy", "watch", "web", "--env", "staging", "--spec", "slo.yaml", "--prometheus", prometheus.Url.ToString(), "--window", "2m",
            "--rollback-cmd", "touch rolled-back", "--format", "json", .. options]);

        run.ExitCode.ShouldBe(2, run.Error);
        var report = JsonDocument.Parse(run.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("hold");
        prometheus.Paths.ShouldContain("/api/v1/query_range");
        File.Exists(Path.Combine(_dir, "rolled-back")).ShouldBeFalse("a watch that cannot measure holds: nothing is rolled back");
        await using var ledger = await LedgerLocation.OpenExistingAsync(null, _dir, TimeProvider.System);
        (await ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("hold");
        return (report, (await ledger.RecentAsync("canary", 100)).Count);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
