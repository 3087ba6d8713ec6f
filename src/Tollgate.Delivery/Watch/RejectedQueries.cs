using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// The watch's source once the deploy is live: a query the source rejects (Prometheus' 400 <c>bad_data</c>, which
/// <see cref="PrometheusSource"/> raises as bad input) is an answer the source could not give, with Prometheus' own
/// words, so the look holds (<c>no-data</c>) and the watch goes on, as when Prometheus is down. The queries were sent
/// once before the deploy (<see cref="WatchWindow.CheckQueriesAsync"/>), where a rejection is the spec's fault and exit
/// 3; rejected now, with the new version live, it is the source failing (a range too long for its limits, a changed
/// server), and exit 3 would leave the deploy unjudged and nothing recorded. It keeps count per look
/// (<see cref="EveryQueryRejected"/>), so a watch whose every look is refused can stop (<c>--error-limit</c>).
/// </summary>
public sealed class RejectedQueries(IMetricSource inner) : IMetricSource
{
    private readonly Lock _count = new();
    private int _rejected;
    private int _answered;
    private string? _lastRejection;

    public async Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        try
        {
            var response = await inner.RangeAsync(query, start, end, step, cancellationToken);
            Count(rejection: null);
            return response;
        }
        catch (InvalidInputException e)
        {
            Count(e.Message);
            return Rejected(e);
        }
    }

    /// <summary>An instant query (the watch's "is it up" probe, <c>vector(1)</c>) measures nothing: only its rejection counts.</summary>
    public async Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.InstantAsync(query, at, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            Count(e.Message);
            return Rejected(e);
        }
    }

    /// <summary>
    /// Since the last call (one look): one of the source's refusals (the first in ordinal order), in its own words, when it rejected every query the
    /// look sent; null when any range query came back otherwise (answered, even with no series, or not answered at all:
    /// a Prometheus that is down is the deadline's to wait out) or none was rejected. Then it counts afresh.
    /// </summary>
    public string? EveryQueryRejected()
    {
        lock (_count)
        {
            var all = _rejected > 0 && _answered == 0 ? _lastRejection : null;
            (_rejected, _answered, _lastRejection) = (0, 0, null);
            return all;
        }
    }

    private void Count(string? rejection)
    {
        lock (_count)
        {
            if (rejection is null)
            {
                _answered++;
            }
            else
            {
                _rejected++;
                // the look's queries run concurrently, so which refusal comes last is chance: the one said is the first
                // in ordinal order, the same at every run
                if (_lastRejection is null || string.CompareOrdinal(rejection, _lastRejection) < 0)
                {
                    _lastRejection = rejection;
                }
            }
        }
    }

    private static MetricResponse Rejected(InvalidInputException e) =>
        MetricResponse.Down($"{e.Message} (accepted before the deploy: the source cannot measure it now)");
}
