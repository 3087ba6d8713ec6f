using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A Prometheus that cannot be reached is unavailable with the reason in plain words and the URL, never the runtime's
/// socket text ("Connection refused (127.0.0.1:9)"): each failure made for real on loopback (a closed port, a name under
/// <c>.invalid</c>, a server that accepts and never answers, resets, hangs up, or speaks no HTTP or no TLS).
/// </summary>
public sealed class PrometheusUnreachableTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    [Fact]
    public async Task InstantAsync_ClosedPort_ConnectionRefused()
    {
        var url = new Uri($"http://127.0.0.1:{RawServer.ClosedPort()}/");

        var response = await AskAsync(url);

        response.Unavailable.ShouldBe($"cannot reach Prometheus at {url}: connection refused (after 1 attempt)");
    }

    [Fact]
    public async Task InstantAsync_NameUnderInvalid_DoesNotResolve()
    {
        // RFC 6761: .invalid never resolves. A machine whose resolver does not answer at all says so instead.
        var url = new Uri("http://prometheus.invalid:9090/");

        var response = await AskAsync(url);

        response.Unavailable.ShouldBeOneOf(
            "cannot reach Prometheus at http://prometheus.invalid:9090/: the name prometheus.invalid does not resolve (after 1 attempt)",
            "cannot reach Prometheus at http://prometheus.invalid:9090/: the name prometheus.invalid cannot be resolved now (no answer from DNS) (after 1 attempt)");
    }

    [Fact]
    public async Task InstantAsync_AcceptsAndNeverAnswers_TimedOutAfterTheTimeout()
    {
        await using var server = RawServer.Silent();

        var response = await AskAsync(server.Url, TimeSpan.FromMilliseconds(300));

        response.Unavailable.ShouldBe($"Prometheus at {server.Url} did not answer within 300ms (after 1 attempt)");
    }

    [Fact]
    public async Task InstantAsync_HttpClientTimeoutShorter_TimedOutAfterThatTimeout()
    {
        await using var server = RawServer.Silent();
        var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        var response = await new PrometheusSource(http, server.Url, new PrometheusOptions(TimeSpan.FromSeconds(30), 1), TimeProvider.System)
            .InstantAsync("up", At, CancellationToken.None);

        response.Unavailable.ShouldBe($"Prometheus at {server.Url} did not answer within 200ms (after 1 attempt)");
    }

    public static TheoryData<string, Func<RawServer>, string> Broken => new()
    {
        { "hangs up", () => RawServer.Answering(""), "the connection closed before the answer was complete" },
        { "body cut short", () => RawServer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"status\""), "the connection closed before the answer was complete" },
        { "not HTTP", () => RawServer.Answering("SSH-2.0-OpenSSH_9.6\r\n\r\n"), "the answer is not HTTP" },
        { "reset", RawServer.Resetting, "the connection was reset" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task InstantAsync_ServerFailsTheExchange_ReasonInPlainWords(string shape, Func<RawServer> start, string reason)
    {
        await using var server = start();

        var response = await AskAsync(server.Url);

        response.Unavailable.ShouldBe($"cannot reach Prometheus at {server.Url}: {reason} (after 1 attempt)", shape);
    }

    [Fact]
    public async Task InstantAsync_HttpsToAPlainServer_TlsHandshakeFailed()
    {
        await using var server = RawServer.Answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        var url = new UriBuilder(server.Url) { Scheme = "https" }.Uri;

        var response = await AskAsync(url);

        response.Unavailable.ShouldBe($"cannot reach Prometheus at {url}: the TLS handshake failed (no TLS server there, or a certificate not trusted here) (after 1 attempt)");
    }

    [Fact]
    public async Task InstantAsync_ClosedPortThreeAttempts_LastReasonOnce()
    {
        var url = new Uri($"http://127.0.0.1:{RawServer.ClosedPort()}/");
        var source = new PrometheusSource(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(1)), TimeProvider.System);

        var response = await source.InstantAsync("up", At, CancellationToken.None);

        response.Unavailable.ShouldBe($"cannot reach Prometheus at {url}: connection refused (after 3 attempts)");
        response.Series.ShouldBeEmpty();
    }

    private static Task<MetricResponse> AskAsync(Uri url, TimeSpan? timeout = null) =>
        new PrometheusSource(new HttpClient(), url, new PrometheusOptions(timeout ?? TimeSpan.FromSeconds(5), 1), TimeProvider.System)
            .InstantAsync("up", At, CancellationToken.None);
}
