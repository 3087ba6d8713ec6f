using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// A fault no handler words (a bug, a broken dependency) is a 500 problem whose detail is one generic line with the
/// request's trace id; the exception's own text (which may name a path, a query or a value) is only in the server's log,
/// under that trace id.
/// </summary>
public sealed class InternalErrorTests
{
    /// <summary>A clock that fails once armed: what a broken dependency of the server looks like from a route.</summary>
    private sealed class FailingClock : TimeProvider
    {
        public volatile bool Armed;

        public override DateTimeOffset GetUtcNow() =>
            Armed ? throw new InvalidOperationException("clock broke reading /srv/tollgate/private/ledger.db with password=hunter2") : base.GetUtcNow();
    }

    [Fact]
    public async Task Events_UnexpectedFault_500WithAGenericDetailAndTheFaultOnlyInTheLog()
    {
        var clock = new FailingClock();
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), clock: clock);
        clock.Armed = true;

        // Reading events asks the clock first (events dated in the future are refused).
        using var answer = await server.Http.PostAsync("/api/v1/events", new StringContent("{}", Encoding.UTF8, "application/json"));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        clock.Armed = false;

        answer.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, json.ToString());
        answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        json.GetProperty("title").GetString().ShouldBe("Internal server error");
        json.GetProperty("status").GetInt32().ShouldBe(500);
        json.GetProperty("instance").GetString().ShouldBe("/api/v1/events");
        var detail = json.GetProperty("detail").GetString()!;
        detail.ShouldStartWith("an internal error occurred; see the server's log (trace id ");
        detail.ShouldNotContain("hunter2");
        detail.ShouldNotContain("/srv/tollgate");
        detail.ShouldNotContain(nameof(InvalidOperationException));
        var traceId = detail["an internal error occurred; see the server's log (trace id ".Length..detail.IndexOf(')', StringComparison.Ordinal)];
        traceId.ShouldNotBeNullOrWhiteSpace();
        lock (server.LogLines)
        {
            server.LogLines.ShouldContain(line => line.Contains($"trace id {traceId}", StringComparison.Ordinal) && line.Contains("password=hunter2", StringComparison.Ordinal));
        }
    }
}
