using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Cli;
using Tollgate.Server.Observability;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Observability;

/// <summary>
/// A PostgreSQL ledger whose verdicts table another session holds locked: <c>/metrics</c>, which reads the models'
/// figures from that table, still answers within <see cref="ModelGauges.Deadline"/>, with the server's own metrics, so
/// a Prometheus scrape does not time out and take every other metric down with it while the ledger is in trouble.
/// </summary>
public sealed class ModelGaugesLockTests
{
    [Fact]
    public async Task Metrics_VerdictsLocked_AnsweredWithinTheDeadlineWithTheServersMetricsAndTheFailureCounted()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        (await server.Http.GetAsync("/healthz")).EnsureSuccessStatusCode();

        var (metrics, took) = await WhileLockedAsync(connection, server, () => { });

        took.ShouldBeLessThan(ModelGauges.Deadline + TimeSpan.FromSeconds(2));
        metrics.ShouldContain("tollgate_http_request_duration_seconds_count{route=\"/healthz\"");
        metrics.ShouldContain("# TYPE tollgate_verdicts_total counter");
        Value(metrics, "tollgate_model_gauges_up").ShouldBe(0);
        Value(metrics, "tollgate_model_gauges_read_failures_total{reason=\"timeout\"}").ShouldBe(1);
        Value(metrics, "tollgate_model_gauges_read_failures_total{reason=\"error\"}").ShouldBe(0);
        metrics.ShouldNotContain("tollgate_model_gauges_age_seconds"); // nothing was ever read: no figures to serve
    }

    [Fact]
    public async Task Metrics_VerdictsLockedAfterARead_ServesTheLastFiguresWithTheirAge()
    {
        var connection = await Ledgers.TempPostgresAsync();
        await RecordDriftAsync(connection);
        await using var prometheus = await FakePrometheus.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection, clock: clock);
        var before = await server.Http.GetStringAsync("/metrics");
        Value(before, "tollgate_model_gauges_up").ShouldBe(1);
        Value(before, "tollgate_model_gauges_age_seconds").ShouldBe(0);
        var psi = Value(before, "tollgate_model_drift_psi{model=\"churn\",feature=\"income\",slice=\"(all)\"}");

        // Past the refresh the figures are read again; the server's clock then runs on while the read waits on the lock.
        var (metrics, _) = await WhileLockedAsync(connection, server, () => clock.Advance(TimeSpan.FromMilliseconds(100)), ModelGauges.Refresh, clock);

        Value(metrics, "tollgate_model_gauges_up").ShouldBe(0);
        Value(metrics, "tollgate_model_gauges_read_failures_total{reason=\"timeout\"}").ShouldBe(1);
        Value(metrics, "tollgate_model_drift_psi{model=\"churn\",feature=\"income\",slice=\"(all)\"}").ShouldBe(psi);
        // Read when the scrape before was; this scrape came after the refresh, within the deadline's first steps.
        Value(metrics, "tollgate_model_gauges_age_seconds").ShouldBeInRange(ModelGauges.Refresh.TotalSeconds, ModelGauges.Refresh.TotalSeconds + ModelGauges.Deadline.TotalSeconds);
    }

    /// <summary>
    /// Scrapes while another session holds the verdicts table in ACCESS EXCLUSIVE mode (first moving the server's clock by
    /// <paramref name="skip"/>, then calling <paramref name="meanwhile"/> every 50 ms until the answer), then releases it.
    /// The client gives up after 15 s, so a server that waits on the lock fails the test, not hangs it.
    /// </summary>
    private static async Task<(string Metrics, TimeSpan Took)> WhileLockedAsync(string connection, RunningServer server, Action meanwhile, TimeSpan skip = default, FakeTimeProvider? clock = null)
    {
        await using var held = await VerdictsLock.HoldAsync(connection);
        clock?.Advance(skip);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var started = Stopwatch.GetTimestamp();
        var scrape = server.Http.GetStringAsync("/metrics", patience.Token);
        while (!scrape.IsCompleted)
        {
            meanwhile();
            await Task.WhenAny(scrape, Task.Delay(50, CancellationToken.None));
        }

        return (await scrape, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>A drift report of model churn, recorded by the CLI: income shifted in the current table.</summary>
    private static async Task RecordDriftAsync(string connection)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-drift-").FullName;
        string Table(string name, int seed, double shift)
        {
            var random = new Random(seed);
            var text = new StringBuilder("age,income\n");
            for (var i = 0; i < 2000; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{40 + 8 * random.NextDouble():0.00},{50 + 10 * random.NextDouble() + shift:0.000}\n");
            }

            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text.ToString());
            return path;
        }

        // drift --model records only under a registered name.
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        var reference = Table("reference.csv", 1, 0);
        (await TollgateCli.RunAsync(["model", "register", "churn", "--version", "1", "--artifact", "model.bin", "--dataset", reference, "--ledger", connection],
            new CliHost(new StringWriter(), new StringWriter(), TimeProvider.System, directory))).ShouldBe(0);
        var output = new StringWriter();
        var code = await TollgateCli.RunAsync(
            ["model", "drift", "--reference", reference, "--current", Table("current.csv", 2, 5), "--model", "churn", "--format", "json", "--ledger", connection],
            new CliHost(output, new StringWriter(), TimeProvider.System, directory));
        code.ShouldBe(1, output.ToString());
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        line.ShouldNotBeNull($"{series} not in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
