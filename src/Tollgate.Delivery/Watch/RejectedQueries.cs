using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// The watch's source once the deploy is live: a query the source rejects (Prometheus' 400 <c>bad_data</c>, which
/// <see cref="PrometheusSource"/> raises as bad input) is an answer the source could not give, with Prometheus' own
/// words, so the look holds (<c>no-data</c>) and the watch goes on, as when Prometheus is down. The queries were sent
/// once before the deploy (<see cref="WatchWindow.CheckQueriesAsync"/>), where a rejection is the spec's fault and exit
/// 3; rejected now, with the new version live, it is the source failing (a range too long for its limits, a changed
/// server), and exit 3 would leave the deploy unjudged and nothing recorded.
/// </summary>
public sealed class RejectedQueries(IMetricSource inner) : IMetricSource
{
    public async Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.RangeAsync(query, start, end, step, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            return Rejected(e);
        }
    }

    public async Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.InstantAsync(query, at, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            return Rejected(e);
        }
    }

    private static MetricResponse Rejected(InvalidInputException e) =>
        MetricResponse.Down($"{e.Message} (accepted before the deploy: the source cannot measure it now)");
}
