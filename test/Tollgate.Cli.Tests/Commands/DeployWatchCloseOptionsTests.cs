namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>deploy watch --close ID</c> judges nothing: it needs no <c>--spec</c>, and an option only a judging watch reads
/// (a rollback command, a window) is exit 3 with one line, nothing recorded; without <c>--close</c>, <c>--spec</c> is
/// still required, worded as before.
/// </summary>
public sealed class DeployWatchCloseOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-close-options-").FullName;

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_dir, args);

    private async Task<string> StartAsync(string version, string at)
    {
        var started = await Run("deploy", "start", "web", "--env", "production", "--version", version, "--at", at);
        started.ExitCode.ShouldBe(0, started.Error);
        return started.Out.Split(' ')[1];
    }

    [Fact]
    public async Task Close_WithoutSpec_ReachesTheCloseNotTheParser()
    {
        var id = await StartAsync("v1", "2026-11-26T11:00:00Z");
        await StartAsync("v2", "2026-11-26T11:30:00Z");

        var run = await Run("deploy", "watch", "web", "--env", "production", "--close", id);

        // v1 was never watched: the close itself answers (its watch is not open), not a missing --spec.
        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith($"tollgate: error: --close {id}: the watch of v1 of web in production is not open");
        run.Error.ShouldNotContain("--spec");
    }

    [Theory]
    [InlineData("--rollback-cmd is for a watch that judges; leave it out", "--rollback-cmd", "touch rolled-back")]
    [InlineData("--window, --timeout are for a watch that judges; leave them out", "--window", "10m", "--timeout", "5m")]
    [InlineData("--prometheus is for a watch that judges", "--prometheus", "http://localhost:9090", "--spec", "slo.yaml")]
    public async Task Close_WithAWatchOption_Exit3OneLineNothingRecorded(string message, params string[] extra)
    {
        var run = await Run(["deploy", "watch", "web", "--env", "production", "--close", "web/production/v1@1", .. extra]);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith($"tollgate: error: --close web/production/v1@1 closes a stopped watch without judging it: {message}");
        run.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem();
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse("a refused --close must not create the ledger");
        File.Exists(Path.Combine(_dir, "rolled-back")).ShouldBeFalse();
    }

    [Fact]
    public async Task Watch_WithoutCloseOrSpec_NeedsSpecAsBefore()
    {
        var run = await Run("deploy", "watch", "web", "--env", "production");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: tollgate deploy watch needs --spec: the SLO spec file (see tollgate deploy watch --help)\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
