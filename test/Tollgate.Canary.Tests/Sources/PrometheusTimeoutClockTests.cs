using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// An attempt's timeout runs on the source's injected clock, as the budget and the backoff do: a request Prometheus
/// holds times out when that clock passes the timeout, whatever the wall clock did. Before: it ran on the wall clock,
/// so a server's or a test's clock could not move it.
/// </summary>
public sealed class PrometheusTimeoutClockTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    [Fact]
    public async Task InstantAsync_HeldRequestAndTheClockPastTheTimeout_TimedOut()
    {
        var clock = new FakeTimeProvider(At);
        var held = new HoldingHandler();
        using var http = new HttpClient(held) { Timeout = Timeout.InfiniteTimeSpan };
        var url = new Uri("http://prometheus.test:9090/");
        var source = new PrometheusSource(http, url, new PrometheusOptions(TimeSpan.FromSeconds(30), Attempts: 1), clock);

        var asking = source.InstantAsync("up", At, CancellationToken.None);
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(29));
        asking.IsCompleted.ShouldBeFalse("29 s of the 30 s timeout have passed on the source's clock");
        clock.Advance(TimeSpan.FromSeconds(1));
        var response = await asking.WaitAsync(TimeSpan.FromSeconds(10));

        response.Unavailable.ShouldBe($"Prometheus at {url} did not answer within 30s (after 1 attempt)");
    }

    /// <summary>Accepts a request and never answers it: it ends only when its token is cancelled.</summary>
    private sealed class HoldingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
        }
    }
}
