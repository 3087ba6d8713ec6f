using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A source with a <see cref="PrometheusOptions.Budget"/> ends every ask within it, attempts and backoffs together,
/// counted on the injected clock: an attempt is cut short where the budget ends and no retry starts past it.
/// </summary>
public sealed class PrometheusBudgetTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    [Fact]
    public async Task InstantAsync_AcceptsAndNeverAnswers_CutShortWhereTheBudgetEnds()
    {
        await using var server = RawServer.Silent();
        var source = new PrometheusSource(new HttpClient(), server.Url, new PrometheusOptions(TimeSpan.FromSeconds(30)) { Budget = TimeSpan.FromMilliseconds(300) }, TimeProvider.System);

        var response = await source.InstantAsync("up", At, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        response.Unavailable.ShouldBe($"Prometheus at {server.Url} did not answer before the answer budget of 300ms ran out (after 1 attempt)");
    }

    [Fact]
    public async Task InstantAsync_RefusedAndTheBudgetShorterThanTheBackoff_NoRetry()
    {
        var url = new Uri($"http://127.0.0.1:{RawServer.ClosedPort()}/");
        var clock = new FakeTimeProvider(At);
        var source = new PrometheusSource(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(10)) { Budget = TimeSpan.FromMilliseconds(400) }, clock);

        var response = await source.InstantAsync("up", At, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        response.Unavailable.ShouldBe($"cannot reach Prometheus at {url}: connection refused (after 1 attempt; the answer budget of 400ms ran out before another)");
    }

    [Fact]
    public async Task RangeAsync_BudgetSpentByEarlierAsks_NotAskedAgain()
    {
        var url = new Uri($"http://127.0.0.1:{RawServer.ClosedPort()}/");
        var clock = new FakeTimeProvider(At);
        var source = new PrometheusSource(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(10)) { Budget = TimeSpan.FromSeconds(1) }, clock);
        clock.Advance(TimeSpan.FromSeconds(2));

        var response = await source.RangeAsync("up", At, At.AddMinutes(5), TimeSpan.FromMinutes(1), CancellationToken.None);

        response.Unavailable.ShouldBe($"Prometheus at {url} was not asked: the answer budget of 1s had run out");
    }

    [Fact]
    public async Task RangeAsync_BudgetFromArrivalAlreadySpentBeforeTheSourceOpened_NotAsked()
    {
        // A request that arrived 2s before its source opened (a first request's start-up, a slow ledger) has spent
        // those 2s of its budget. Before: the budget counted from the source's opening, so it ran 2s past the answer's.
        var url = new Uri($"http://127.0.0.1:{RawServer.ClosedPort()}/");
        var clock = new FakeTimeProvider(At);
        var arrived = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(2));
        var source = new PrometheusSource(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(10)) { Budget = TimeSpan.FromSeconds(1), BudgetFrom = arrived }, clock);

        var response = await source.RangeAsync("up", At, At.AddMinutes(5), TimeSpan.FromMinutes(1), CancellationToken.None);

        response.Unavailable.ShouldBe($"Prometheus at {url} was not asked: the answer budget of 1s had run out");
        response.BudgetSpent.ShouldBeTrue();
    }
}
