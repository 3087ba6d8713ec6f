using Tollgate.Canary.Sources;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A metric source for the watch-window tests: 1,000 requests per step for the selector <c>app="checkout"</c>, of which
/// 0.1 % fail before <see cref="ChangeAt"/> and <see cref="ErrorRateAfter"/> after it, plus a <see cref="Burst"/> of errors
/// in one step if set. Records every range query asked.
/// </summary>
internal sealed class SyntheticPrometheus(DateTimeOffset changeAt, double errorRateAfter) : IMetricSource
{
    public DateTimeOffset ChangeAt => changeAt;

    public double ErrorRateAfter => errorRateAfter;

    /// <summary>Extra errors in the step that ends at <c>At</c> (a dependency's one-minute burst).</summary>
    public (DateTimeOffset At, double Errors)? Burst { get; init; }

    /// <summary>An error rate in the steps that end after <c>From</c> and no later than <c>To</c> (a failed deploy's minutes).</summary>
    public (DateTimeOffset From, DateTimeOffset To, double Rate)? Incident { get; init; }

    /// <summary>Requests a step that vary as real traffic does (1,000 + 0–2 by minute) instead of a flat 1,000.</summary>
    public bool VaryingTraffic { get; init; }

    public List<(string Query, DateTimeOffset Start, DateTimeOffset End)> Asked { get; } = [];

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add((query, start, end));
        }

        if (!query.Contains("app=\"checkout\"", StringComparison.Ordinal))
        {
            return Task.FromResult(new MetricResponse([]));
        }

        var errors = query.Contains("code=~", StringComparison.Ordinal);
        var points = new List<MetricPoint>();
        for (var t = start; t <= end; t += step)
        {
            var rate = Incident is { } i && t > i.From && t <= i.To ? i.Rate : t <= changeAt ? 0.001 : errorRateAfter;
            var burst = Burst is { } b && b.At == t ? b.Errors : 0;
            var requests = VaryingTraffic ? 1000 + (t.ToUnixTimeSeconds() / 60 % 3) : 1000;
            points.Add(new MetricPoint(t.ToUnixTimeSeconds(), errors ? Math.Round(1000 * rate) + burst : requests));
        }

        return Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), points)]));
    }

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), [new MetricPoint(at.ToUnixTimeSeconds(), 1)])]));
}
