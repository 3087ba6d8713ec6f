using Tollgate.Canary.Sources;

namespace Tollgate.Server.Integrations;

/// <summary>
/// The spec's Prometheus answers an instant <c>vector(1)</c> with 1 (as Flagger itself asks before an analysis): a
/// rollout must not start when the evidence that would stop it cannot be read. A replayed spec is ready. One attempt,
/// within the server's answer budget, so the refusal beats Flagger's webhook timeout.
/// </summary>
public sealed class PrometheusReadiness(HttpClient? http = null, TimeProvider? clock = null, TimeSpan? budget = null) : IPreRolloutCheck
{
    private static readonly HttpClient Shared = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<PreRolloutRefusal?> RefuseAsync(PreRollout rollout, CancellationToken cancellationToken)
    {
        var spec = rollout.Spec.Spec;
        if (rollout.Spec.Replay is not null || spec.Prometheus is null)
        {
            return null;
        }

        var now = clock ?? TimeProvider.System;
        var source = new PrometheusSource(http ?? Shared, spec.Prometheus, new PrometheusOptions(spec.Timeout, Attempts: 1) { Budget = budget }, now);
        var answer = await source.InstantAsync("vector(1)", now.GetUtcNow(), cancellationToken);
        return answer.Unavailable is { } down ? new($"Prometheus is not ready: {down}")
            : answer.Series.Count == 1 && answer.Series[0].Points.Count == 1 && answer.Series[0].Points[0].Value == 1 ? null
            : new($"Prometheus at {source.BaseUrl} answered vector(1) with something other than 1");
    }
}
