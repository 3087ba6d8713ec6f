using System.Net;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// <c>canary --watch --max-wait</c>: a deadline the watch cannot keep (not whole intervals of the spec, or shorter
/// than the window) is exit 3 with one line before any query; a kept one ends with the last look at the deadline itself.
/// The example spec: window 10m, interval 1m. Prometheus answers every range query with no series (its metrics exist:
/// an instant query has one), so every look holds.
/// </summary>
public sealed class CanaryWatchDeadlineTests : IAsyncLifetime
{
    private const string NoSeries = """{"status":"success","data":{"resultType":"matrix","result":[]}}""";

    private const string OneSeries = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}""";

    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-deadline-").FullName;
    private readonly JumpingClock _clock = new(Start);
    private ScriptedServer _prometheus = null!;

    public async Task InitializeAsync() =>
        _prometheus = await ScriptedServer.StartAsync(request => (HttpStatusCode.OK, request.Url!.AbsolutePath.EndsWith("/query", StringComparison.Ordinal) ? OneSeries : NoSeries));

    [Theory]
    [InlineData("10m30s", "--max-wait 10m30s must be a whole number of the spec's interval (1m): the watch looks once per interval")]
    [InlineData("30s", "--max-wait 30s is shorter than the window (10m): the watch could never promote; lengthen --max-wait or shorten the spec's window")]
    [InlineData("9m", "--max-wait 9m is shorter than the window (10m): the watch could never promote; lengthen --max-wait or shorten the spec's window")]
    [InlineData("0s", "--max-wait 0s: the duration must be longer than zero")]
    [InlineData("-10m", "--max-wait -10m: the duration must be longer than zero")]
    [InlineData("200y", "--max-wait 200y: the duration is longer than 876000h")]
    [InlineData("ten", "--max-wait ten is not a duration like 90s, 10m, 24h or 30d")]
    public async Task Watch_DeadlineItCannotKeep_Exit3OneLineBeforeAnyQuery(string maxWait, string message)
    {
        var run = await WatchAsync("--max-wait", maxWait);

        run.ExitCode.ShouldBe(3);
        run.Error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldBe("tollgate: error: " + message);
        run.Out.ShouldBeEmpty();
        _prometheus.Requests.ShouldBe(0);
        _clock.GetUtcNow().ShouldBe(Start);
    }

    [Theory]
    [InlineData("12m", 12)]
    [InlineData(null, 20)] // the default, twice the window
    public async Task Watch_DeadlineOfWholeIntervals_LastLookAtTheDeadlineHolds(string? maxWait, int minutes)
    {
        var run = await WatchAsync(maxWait is null ? [] : ["--max-wait", maxWait]);

        run.ExitCode.ShouldBe(2, run.Error);
        run.Out.ShouldStartWith("HOLD");
        run.Error.ShouldContain($"gives up at {Start.AddMinutes(minutes):HH:mm:ss}Z");
        var looks = run.Error.Split('\n').Where(l => l.StartsWith('[')).ToList();
        looks.Count.ShouldBe(minutes);
        looks[^1].ShouldStartWith($"[{minutes}m/10m] hold");
        _clock.GetUtcNow().ShouldBe(Start.AddMinutes(minutes));
        _prometheus.Requests.ShouldBeGreaterThan(0);
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> WatchAsync(params string[] options)
    {
        var spec = Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml");
        return CliRun.RunAsync(_directory, _clock, ["canary", "--spec", spec, "--watch", "--prometheus", _prometheus.Url.ToString(), .. options]);
    }
}
