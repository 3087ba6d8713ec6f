using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Gate;

/// <summary>
/// What <c>tollgate canary</c> judges: a spec (relative to the gate's working directory) and when: the window ending
/// <see cref="At"/> (RFC 3339 or Unix seconds; default now), or with <see cref="Watch"/> every interval until decided.
/// </summary>
public sealed record CanaryRequest(string Spec)
{
    public string? At { get; init; }

    public bool Watch { get; init; }

    /// <summary>With <see cref="Watch"/>: give up (hold) after this long, e.g. <c>30m</c> (default: twice the window); whole intervals of the spec, at least the window.</summary>
    public string? MaxWait { get; init; }

    /// <summary>Prometheus URL, over the spec's <c>prometheus:</c>.</summary>
    public string? Prometheus { get; init; }

    /// <summary>A bearer token for Prometheus (the CLI reads it from <c>TOLLGATE_PROMETHEUS_TOKEN</c>, never an argument).</summary>
    public string? PrometheusToken { get; init; }

    /// <summary>A file holding the bearer token (a Kubernetes service-account token), read once per run.</summary>
    public string? PrometheusTokenFile { get; init; }

    /// <summary>Save every Prometheus response in this directory.</summary>
    public string? Record { get; init; }

    /// <summary>Judge again offline from responses saved with <see cref="Record"/>.</summary>
    public string? Replay { get; init; }

    /// <summary>A recording a long-running host keeps open (answers parsed once); over <see cref="Replay"/> when set.</summary>
    public ReplayRecording? Recording { get; init; }

    /// <summary>
    /// What earlier judgements of the same rollout found present (a server's analysis, one request per look): their
    /// existence questions are not asked again. Null: this judgement's own (a watch keeps it for all its looks).
    /// </summary>
    public MetricPresence? Presence { get; init; }

    /// <summary>
    /// How long all of this judgement's Prometheus asks may take together (a server's <c>--answer-budget</c>: a
    /// controller's webhook timeout is shorter than the spec's timeout × attempts); past it the source is unavailable.
    /// </summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>When the request this judgement answers arrived (on the gate's clock): <see cref="Budget"/> counts from it; null: from the source's opening.</summary>
    public DateTimeOffset? Arrived { get; init; }

    /// <summary>The baseline's pod-template hash, for <c>{{stableHash}}</c> in the spec's group selectors.</summary>
    public string? StableHash { get; init; }

    /// <summary>The canary's pod-template hash, for <c>{{latestHash}}</c> in the spec's group selectors.</summary>
    public string? LatestHash { get; init; }
}
