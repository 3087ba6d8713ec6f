using Tollgate.Canary.Sources;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// With no canary running beside the new version, the baseline is the same service before the deploy: queries that
/// carry <see cref="Marker"/> as their selector are sent with the service's own selector over the same span shifted
/// back by <see cref="Shift"/>, and their points are stamped forward again so each baseline step lines up with the
/// post-deploy step it is compared with. Every other query passes through. The watch sets the shift to the span it
/// judges before each look, so the baseline always ends where the deploy began, however long the watch runs past its
/// window (shifted by the window alone, a look after it read the new version's own traffic as the baseline).
/// </summary>
public sealed class PreDeployBaseline(IMetricSource inner, string selector, TimeSpan shift) : IMetricSource
{
    /// <summary>Stands in for the baseline group's selector in the spec the watch window judges with.</summary>
    public const string Marker = "__tollgate_pre_deploy_baseline__";

    /// <summary>How far back the baseline's span lies: the length of the span after the deploy that is judged.</summary>
    public TimeSpan Shift { get; set; } = shift;

    public async Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        if (!query.Contains(Marker, StringComparison.Ordinal))
        {
            return await inner.RangeAsync(query, start, end, step, cancellationToken);
        }

        var response = await inner.RangeAsync(query.Replace(Marker, selector, StringComparison.Ordinal), start - Shift, end - Shift, step, cancellationToken);
        var seconds = Shift.TotalSeconds;
        return response with
        {
            Series = response.Series
                .Select(s => s with { Points = s.Points.Select(p => p with { Timestamp = p.Timestamp + seconds }).ToList() })
                .ToList(),
        };
    }

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.InstantAsync(query.Replace(Marker, selector, StringComparison.Ordinal), at, cancellationToken);
}
