using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Ledger;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>deploy run --format json</c> stopped by a signal mid-watch (report 11 #10): the watch's <c>hold</c> is recorded, and
/// the same report is written to standard output before the stop's exit code, so a CI step that keeps the JSON as its
/// artifact has the deploy and digest left unjudged. The CLI's clock stands still, so the watch waits for its first look
/// until the stop.
/// </summary>
public sealed class StoppedDeployReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-stopped-report-").FullName;

    public StoppedDeployReportTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    [Fact]
    public async Task DeployRun_StoppedDuringTheWatch_WritesTheRecordedHoldAsJson()
    {
        await using var prometheus = await RangeRejectingPrometheus.StartAsync();
        var (code, output, error) = await RunUntilWatchingAsync(
            "deploy", "run", "web", "--version", "v2", "--env", "staging", "--deploy-cmd", "true", "--rollback-cmd", "touch rolled-back",
            "--spec", "slo.yaml", "--prometheus", prometheus.Url.ToString(), "--format", "json");

        code.ShouldBe(TollgateCli.InterruptedExitCode, error);
        error.ShouldContain("was stopped with Tollgate before it decided");
        var report = JsonDocument.Parse(output).RootElement;
        report.GetProperty("kind").GetString().ShouldBe("deploy");
        report.GetProperty("verdict").GetString().ShouldBe("hold");
        await using var ledger = await LedgerLocation.OpenExistingAsync(null, _dir, TimeProvider.System);
        var recorded = (await ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem();
        recorded.Verdict.ShouldBe("hold");
        report.GetProperty("digest").GetString().ShouldBe(recorded.Digest, "the report written is the one recorded");
        File.Exists(Path.Combine(_dir, "rolled-back")).ShouldBeFalse();
    }

    /// <summary>Runs the command in-process and stops it (as a signal does) once its watch has begun.</summary>
    private async Task<(int Code, string Out, string Error)> RunUntilWatchingAsync(params string[] args)
    {
        var (output, written) = (new StringWriter(), new StringWriter());
        var error = TextWriter.Synchronized(written); // its writes hold its monitor: read under it
        string Error()
        {
            lock (error)
            {
                return written.ToString();
            }
        }

        var host = new CliHost(output, error, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)), _dir);
        using var stop = new CancellationTokenSource();
        var run = TollgateCli.RunAsync(args, host, stop.Token);
        for (var waited = 0; !Error().Contains("watching ", StringComparison.Ordinal) && !run.IsCompleted && waited < 600; waited++)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromSeconds(30));
        return (code, output.ToString(), Error());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
