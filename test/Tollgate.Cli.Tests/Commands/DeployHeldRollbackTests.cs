using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// A rollback returns to the latest verified version: v1 of web was finished as a success by hand (never watched: its
/// user's word counts), v2's watch on a real Prometheus that holds no series held, and v3's deploy command fails. The
/// rollback goes to v1, and stderr says v2 was passed over and why.
/// </summary>
public sealed class DeployHeldRollbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-held-rollback-").FullName;

    public DeployHeldRollbackTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    [Fact]
    public async Task DeployRun_AfterAWatchThatHeld_RollsBackToTheVersionBeforeItSayingItIsPassedOver()
    {
        var prometheus = await PrometheusProcess.StartAsync(_dir, Path.Combine(_dir, "data"));
        await using var _ = prometheus;
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v1", "--env", "staging", "--at", "2026-11-26T10:00:00Z")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "deploy", "finish", "web", "--env", "staging", "--result", "success", "--at", "2026-11-26T10:05:00Z")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "deploy", "start", "web", "--version", "v2", "--env", "staging", "--at", "2026-11-26T11:00:00Z")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "deploy", "finish", "web", "--env", "staging", "--result", "success", "--at", "2026-11-26T11:01:00Z")).ExitCode.ShouldBe(0);
        var watch = await CliRun.RunAsync(_dir, "deploy", "watch", "web", "--env", "staging", "--spec", "slo.yaml", "--prometheus", prometheus.Url.ToString(), "--max-wait", "10m");
        watch.ExitCode.ShouldBe(2, watch.Out + watch.Error);

        var run = await CliRun.RunAsync(_dir, "deploy", "run", "web", "--version", "v3", "--env", "staging", "--spec", "slo.yaml", "--prometheus", prometheus.Url.ToString(),
            "--deploy-cmd", "false", "--rollback-cmd", "touch rolled-back");

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        run.Error.ShouldContain("rolling back web in staging to v1 (v2 is passed over: its watch held and never verified it): touch rolled-back\n", Case.Sensitive);
        run.Out.ShouldContain("; v2 is passed over: its watch held and never verified it)", Case.Sensitive);
        File.Exists(Path.Combine(_dir, "rolled-back")).ShouldBeTrue();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
