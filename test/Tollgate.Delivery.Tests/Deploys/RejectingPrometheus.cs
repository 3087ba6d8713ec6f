using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// <see cref="SyntheticPrometheus"/> behind a Prometheus that rejects the range queries <paramref name="rejects"/> picks
/// by look (1 is the first) and query, as a real one does with 400 <c>bad_data</c> for a range with too many points.
/// A look begins with the watch's instant probe, so each probe starts the next look.
/// </summary>
internal sealed class RejectingPrometheus(SyntheticPrometheus inner, Func<int, string, bool> rejects) : IMetricSource
{
    public const string Error = "Prometheus rejected the query: bad_data: exceeded maximum resolution of 11,000 points per timeseries";

    private int _look;

    public int Looks => Volatile.Read(ref _look);

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        rejects(Looks, query) ? throw new InvalidInputException(Error) : inner.RangeAsync(query, start, end, step, cancellationToken);

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _look);
        return inner.InstantAsync(query, at, cancellationToken);
    }
}
