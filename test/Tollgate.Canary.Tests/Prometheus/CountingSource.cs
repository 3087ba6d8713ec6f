using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>A metric source that passes every request on to a real one and keeps the instant queries it was asked, in order.</summary>
internal sealed class CountingSource(IMetricSource inner) : IMetricSource
{
    private readonly List<string> _instant = [];

    public IReadOnlyList<string> Instant
    {
        get
        {
            lock (_instant)
            {
                return [.. _instant];
            }
        }
    }

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        inner.RangeAsync(query, start, end, step, cancellationToken);

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_instant)
        {
            _instant.Add(query);
        }

        return inner.InstantAsync(query, at, cancellationToken);
    }
}
