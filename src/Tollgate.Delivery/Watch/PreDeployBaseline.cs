using Tollgate.Canary.Sources;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// With no canary running beside the new version, the baseline is the same service before the deploy: queries that
/// carry <see cref="Marker"/> as their selector are sent with the service's own selector over as long a span just
/// before the one asked for, and their points are stamped forward again so each baseline step lines up with the
/// post-deploy step it is compared with. Every other query passes through. The shift is the span asked for (its
/// points from <c>start</c> to <c>end</c>, each covering the step before it), so a look judging the deploy's first
/// N steps reads the N steps before the deploy, however long the watch runs past its window (shifted by the window
/// alone, a look after it read the new version's own traffic as the baseline). A span the baseline must not read
/// (<see cref="Exclude"/>: a failed deploy's minutes, up to the end of its rollback) moves it further back, to end
/// where that span began, so the service is compared with its own normal behaviour, not with an incident. The span
/// judged starts where the deploy finished (the new version fully live) and the baseline ends where it began
/// (<see cref="SkipRollout"/>): the rollout's minutes, partly the new version's traffic, are read by neither side.
/// </summary>
public sealed class PreDeployBaseline(IMetricSource inner, string selector) : IMetricSource
{
    /// <summary>Stands in for the baseline group's selector in the spec the watch window judges with.</summary>
    public const string Marker = "__tollgate_pre_deploy_baseline__";

    private IReadOnlyList<ExcludedSpan> _excluded = [];
    private TimeSpan _rollout;

    /// <summary>Spans the baseline never reads: each look's baseline ends before the newest one it would overlap.</summary>
    public void Exclude(IReadOnlyList<ExcludedSpan> spans) => _excluded = spans;

    /// <summary>
    /// The deploy's own duration, from its start to its finish (where the span judged starts): the baseline ends that
    /// much earlier, where the deploy began. Zero (a deploy whose start is not known apart from its finish): it ends at the finish.
    /// </summary>
    public void SkipRollout(TimeSpan rollout) => _rollout = rollout > TimeSpan.Zero ? rollout : TimeSpan.Zero;

    public async Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        if (!query.Contains(Marker, StringComparison.Ordinal))
        {
            return await inner.RangeAsync(query, start, end, step, cancellationToken);
        }

        var shift = Shift(start, end, step, _excluded, _rollout);
        var response = await inner.RangeAsync(query.Replace(Marker, selector, StringComparison.Ordinal), start - shift, end - shift, step, cancellationToken);
        var seconds = shift.TotalSeconds;
        return response with
        {
            Series = response.Series
                .Select(s => s with { Points = s.Points.Select(p => p with { Timestamp = p.Timestamp + seconds }).ToList() })
                .ToList(),
        };
    }

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.InstantAsync(query.Replace(Marker, selector, StringComparison.Ordinal), at, cancellationToken);

    /// <summary>
    /// How far back the baseline of the span from <paramref name="start"/> to <paramref name="end"/> is read: the span
    /// and one step, and the deploy's <paramref name="rollout"/> rounded up to whole steps (so it ends where the deploy
    /// began, or a little before), then, while the points read (each covering the step before it) overlap an excluded span, as much
    /// further as ends them where it began; a whole number of steps, so the points fall where they would.
    /// </summary>
    internal static TimeSpan Shift(DateTimeOffset start, DateTimeOffset end, TimeSpan step, IReadOnlyList<ExcludedSpan> excluded, TimeSpan rollout = default)
    {
        var shift = end - start + step + Steps(rollout, step);
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var span in excluded)
            {
                var (from, to) = (start - shift - step, end - shift);
                if (span.From < to && span.To > from)
                {
                    shift += Steps(to - span.From, step);
                    moved = true;
                }
            }
        }

        return shift;
    }

    /// <summary><paramref name="span"/> rounded up to a whole number of steps.</summary>
    private static TimeSpan Steps(TimeSpan span, TimeSpan step) => TimeSpan.FromTicks((span.Ticks + step.Ticks - 1) / step.Ticks * step.Ticks);
}
