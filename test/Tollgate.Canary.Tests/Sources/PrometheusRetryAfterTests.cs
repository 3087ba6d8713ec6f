using System.Diagnostics;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A 429 or 503 with <c>Retry-After</c> (seconds or an HTTP date): the next attempt waits at least that long, and none
/// is made when it asks for longer than the answer budget left. Before: the next attempt came after the 10ms backoff.
/// </summary>
public sealed class PrometheusRetryAfterTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1767225600);
    private const string Busy = """{"status":"error","errorType":"unavailable","error":"too busy"}""";
    private const string Success = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1767225600,"1"]}]}}""";

    [Fact]
    public async Task InstantAsync_429WithRetryAfterWithinTheBudget_WaitsThatLongThenAsksAgain()
    {
        await using var server = RawServer.Scripted(Answer("429 Too Many Requests", "Retry-After: 1", Busy), Answer("200 OK", null, Success));
        var watch = Stopwatch.StartNew();

        var response = await Source(server.Url, TimeSpan.FromSeconds(20)).InstantAsync("up", At, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        response.Unavailable.ShouldBeNull();
        response.Series.ShouldHaveSingleItem();
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task InstantAsync_503AfterARetryAfter_NextWaitIsTheBackoffNotTwiceTheAsk()
    {
        // Retry-After 1, then a 503 without one, then an answer: 1s and then the 20ms backoff. Before: the wait after the
        // second 503 doubled the server's ask (2s), so the answer came after 3s.
        await using var server = RawServer.Scripted(Answer("503 Service Unavailable", "Retry-After: 1", Busy), Answer("503 Service Unavailable", null, Busy), Answer("200 OK", null, Success));

        var response = await Source(server.Url, TimeSpan.FromSeconds(20)).InstantAsync("up", At, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        response.Unavailable.ShouldBeNull();
        server.Requests.ShouldBe(3);
        var at = server.AcceptedAt;
        (at[1] - at[0]).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900)); // the server's ask
        (at[2] - at[1]).ShouldBeLessThan(TimeSpan.FromSeconds(1)); // the backoff, not the ask doubled (2 s): the gap itself, not the whole run's wall time, which a loaded machine stretches
    }

    [Theory]
    [InlineData("Retry-After: 120", "503 Service Unavailable", "HTTP 503 with Retry-After 2m")]
    [InlineData("Retry-After: Wed, 21 Oct 2099 07:28:00 GMT", "429 Too Many Requests", "HTTP 429 with Retry-After ")]
    public async Task InstantAsync_RetryAfterLongerThanTheBudgetLeft_GivesUpAtOnceNamingIt(string header, string status, string words)
    {
        await using var server = RawServer.Scripted(Answer(status, header, Busy));
        var watch = Stopwatch.StartNew();

        var response = await Source(server.Url, TimeSpan.FromSeconds(20)).InstantAsync("up", At, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        response.Unavailable!.ShouldStartWith($"Prometheus at {server.Url} answered {words}");
        response.Unavailable!.ShouldContain("s left of the answer budget of 20s, so it was not asked again: ");
        response.Unavailable!.ShouldEndWith("unavailable: too busy (after 1 attempt)");
        server.Requests.ShouldBe(1);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    private static PrometheusSource Source(Uri url, TimeSpan budget) =>
        new(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10)) { Budget = budget }, TimeProvider.System);

    private static string Answer(string status, string? header, string body) =>
        $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{(header is null ? "" : header + "\r\n")}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
}
