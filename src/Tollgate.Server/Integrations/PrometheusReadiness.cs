using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Server.Integrations;

/// <summary>
/// The spec's Prometheus answers an instant <c>vector(1)</c> with 1 (as Flagger itself asks before an analysis): a
/// rollout must not start when the evidence that would stop it cannot be read. Then each of the spec's queries is asked
/// once as an instant query, with the rollout's hashes: one Prometheus rejects (<c>increaze(</c>) would hold every
/// analysis for ever, so it refuses here, naming the spec, the metric and Prometheus' message, before any traffic moves.
/// A query left unanswered (the budget spent, a timeout) is no refusal: Prometheus answered <c>vector(1)</c>, and the
/// analysis will ask again. A replayed spec is ready. One attempt each, all within the server's answer budget, so the
/// refusal beats Flagger's webhook timeout.
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
            : answer.Series.Count == 1 && answer.Series[0].Points.Count == 1 && answer.Series[0].Points[0].Value == 1
                ? await RejectedQueryAsync(source, rollout, now.GetUtcNow(), cancellationToken)
            : new($"Prometheus at {source.BaseUrl} answered vector(1) with something other than 1");
    }

    private static async Task<PreRolloutRefusal?> RejectedQueryAsync(PrometheusSource source, PreRollout rollout, DateTimeOffset at, CancellationToken cancellationToken)
    {
        string? Hash(string key) => rollout.Metadata.TryGetValue(key, out var value) ? value.Trim() : null;
        var spec = rollout.Spec.Filled(Hash("stableHash"), Hash("latestHash"));
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in spec.Metrics)
        {
            foreach (var (field, template) in metric.Queries())
            {
                foreach (var selector in (string[])[spec.BaselineSelector, spec.CanarySelector])
                {
                    var query = template.Render(selector, spec.Interval);
                    if (!asked.Add(query))
                    {
                        continue;
                    }

                    try
                    {
                        if ((await source.InstantAsync(query, at, cancellationToken)).Unavailable is not null)
                        {
                            return null;
                        }
                    }
                    catch (InvalidInputException e)
                    {
                        return new($"the spec {rollout.Spec.Name} (line {template.Line}), metric '{metric.Name}' {field}: {e.Message}");
                    }
                }
            }
        }

        return null;
    }
}
