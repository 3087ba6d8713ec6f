using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Cli;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// On SIGTERM <c>tollgate serve</c> first drains: <c>/readyz</c> answers 503 at once while every route still serves
/// for <c>--drain-delay</c>, so a load balancer polling it takes the replica out before the server stops accepting;
/// then it stops as before. Before, it stopped accepting at once.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DrainDelayTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private static StringContent PlanBody() => new(Plan, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Sigterm_RealProcess_ReadyzSays503WhileRequestsAreServedThenItExitsAfterTheDelay()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-drain-").FullName;
        using var serve = await ServeProcess.StartAsync(dir, "--ledger", "ledger.db", "--drain-delay", "4s");
        using var before = await serve.Http.GetAsync("/readyz");

        var clock = Stopwatch.StartNew();
        serve.Terminate();
        var ready = await ReadyzOnceDrainingAsync(serve.Http);
        using var plan = await serve.Http.PostAsync("/api/v1/plans", PlanBody());
        using var health = await serve.Http.GetAsync("/healthz");
        var served = clock.Elapsed;
        var exit = await serve.ExitAsync(TimeSpan.FromSeconds(60));
        var exited = clock.Elapsed;

        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ready.Detail.ShouldStartWith("draining: this replica is stopping");
        plan.StatusCode.ShouldBe(HttpStatusCode.OK, await plan.Content.ReadAsStringAsync());
        (await plan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString().ShouldBe("review");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.ShouldBeLessThan(TimeSpan.FromSeconds(4), "the requests were answered within the delay");
        exited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3.9), "it kept serving for the whole delay");
        exit.Code.ShouldBe(143, exit.Error);
        exit.Error.ShouldBe("tollgate: stopped by SIGTERM\n");
        serve.Lines.ShouldContain(l => l.Contains("draining for 4s", StringComparison.Ordinal));
        await using var ledger = await Ledger.LedgerLocation.OpenExistingAsync("ledger.db", dir, TimeProvider.System);
        (await ledger.RecentAsync("terraform-plan", 5)).ShouldHaveSingleItem().Verdict.ShouldBe("review");
        await Should.ThrowAsync<HttpRequestException>(() => serve.Http.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Sigterm_DrainDelayZero_StopsAtOnce()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-drain-").FullName;
        using var serve = await ServeProcess.StartAsync(dir, "--ledger", "ledger.db", "--drain-delay", "0");
        (await serve.Http.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clock = Stopwatch.StartNew();
        serve.Terminate();
        var exit = await serve.ExitAsync(TimeSpan.FromSeconds(60));

        exit.Code.ShouldBe(143, exit.Error);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "no delay: the default 5s would be longer");
        serve.Lines.ShouldNotContain(l => l.Contains("draining for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunUntil_Cancelled_ServesOnTheServersClockForTheDelayThenStops()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var server = await RunningServer.StartAsync("http://127.0.0.1:9", ledger: Ledgers.TempSqlite(), clock: clock,
            configure: o => o with { DrainDelay = TimeSpan.FromSeconds(30) });
        using var signal = new CancellationTokenSource();

        var running = server.Server.RunUntilAsync(signal.Token);
        await signal.CancelAsync();
        while (!server.Server.State.Draining)
        {
            await Task.Delay(10);
        }

        using var ready = await server.Http.GetAsync("/readyz");
        using var plan = await server.Http.PostAsync("/api/v1/plans", PlanBody());
        clock.Advance(TimeSpan.FromSeconds(29));
        using var later = await server.Http.PostAsync("/api/v1/plans", PlanBody());
        var stillServing = !running.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        plan.StatusCode.ShouldBe(HttpStatusCode.OK);
        later.StatusCode.ShouldBe(HttpStatusCode.OK);
        stillServing.ShouldBeTrue();
        await Should.ThrowAsync<HttpRequestException>(() => server.Http.GetAsync("/healthz"));
    }

    [Theory]
    [InlineData("-5s")]
    [InlineData("2h")]
    [InlineData("soon")]
    public async Task Serve_BadDrainDelay_Exit3OneLine(string delay)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-drain-").FullName;
        var error = new StringWriter();

        var code = await TollgateCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--drain-delay", delay], new CliHost(new StringWriter(), error, TimeProvider.System, dir));

        code.ShouldBe(3);
        error.ToString().ShouldBe($"tollgate: error: --drain-delay {delay} is not a duration from 0 to 1h like 5s, 30s or 1m (0 stops at once)\n");
    }

    /// <summary>Polls <c>/readyz</c> (up to a second: the signal reaches the process a moment after kill) until it says 503.</summary>
    private static async Task<(HttpStatusCode Status, string Detail)> ReadyzOnceDrainingAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var answer = await http.GetAsync("/readyz");
            if (answer.StatusCode != HttpStatusCode.OK || deadline.Elapsed > TimeSpan.FromSeconds(1))
            {
                var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
                return (answer.StatusCode, json.TryGetProperty("detail", out var detail) ? detail.GetString()! : json.ToString());
            }

            await Task.Delay(20);
        }
    }
}
