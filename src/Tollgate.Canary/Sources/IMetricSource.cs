namespace Tollgate.Canary.Sources;

/// <summary>
/// Where canary metrics come from: Prometheus (or Thanos/Mimir, same API), or a recording of it. A source that cannot
/// measure says so in the response (<see cref="MetricResponse.Unavailable"/>); it never answers with zeros.
/// </summary>
public interface IMetricSource
{
    /// <summary>A range query: one point per step from <paramref name="start"/> to <paramref name="end"/> inclusive.</summary>
    Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken);

    /// <summary>An instant query at <paramref name="at"/>.</summary>
    Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken);
}
