using System.Collections.Concurrent;
using Tollgate.Canary.Sources;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// One look's answers, kept for that look: a query asked again with the same range (by <see cref="StepGaps"/>, which
/// reads the service's own steps through the canary evaluator) is answered from here rather than sent to the source
/// twice. <see cref="NextLook"/> forgets them, so every look reads the source afresh.
/// </summary>
public sealed class LookAnswers(IMetricSource inner) : IMetricSource
{
    private readonly ConcurrentDictionary<(string Query, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step), Task<MetricResponse>> _ranges = new();
    private readonly ConcurrentDictionary<(string Query, DateTimeOffset At), Task<MetricResponse>> _instants = new();

    /// <summary>Forgets the answers kept: the next look asks the source again.</summary>
    public void NextLook()
    {
        _ranges.Clear();
        _instants.Clear();
    }

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        _ranges.GetOrAdd((query, start, end, step), _ => inner.RangeAsync(query, start, end, step, cancellationToken));

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        _instants.GetOrAdd((query, at), _ => inner.InstantAsync(query, at, cancellationToken));
}
