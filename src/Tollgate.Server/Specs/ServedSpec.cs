using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;

namespace Tollgate.Server.Specs;

/// <summary>One canary spec the server judges by name, loaded at start; <see cref="Replay"/> is its recording, when it has one.</summary>
public sealed record ServedSpec(string Name, CanarySpec Spec, string File)
{
    /// <summary>
    /// How many hash pairs' analyses (filled spec and presence) are kept; past it, the pair looked at least recently is
    /// dropped (a rollout keeps one pair for its life).
    /// </summary>
    public const int MaxFilled = 256;

    private readonly RecentAnalyses _analyses = new(MaxFilled);

    /// <summary>A <c>NAME.replay/</c> directory beside the spec: answers recorded with <c>tollgate canary --record</c>.</summary>
    public string? Replay { get; init; }

    /// <summary>The recording kept open for the server's life: its answers parsed once, read again when a file changes.</summary>
    public ReplayRecording? Recording { get; init; }

    /// <summary>The clock a kept existence answer ages on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How long a rollout's yes to an existence question is kept before it is asked again (<c>serve --existence-ttl</c>).</summary>
    public TimeSpan ExistenceTtl { get; init; } = ServeOptions.DefaultExistenceTtl;

    /// <summary>
    /// The spec with a rollout's hashes in its selectors (<see cref="GroupSelectors.Fill"/>), filled once per pair: every
    /// look of one rollout sends the same two. A pair the spec refuses is refused each time (nothing kept). At most
    /// <see cref="MaxFilled"/> pairs are kept, the least recently looked at dropped first.
    /// </summary>
    public CanarySpec Filled(string? stableHash, string? latestHash) => Analysis(stableHash, latestHash).Spec;

    /// <summary>
    /// What the judgements of one rollout (its hash pair: one analysis) found present, kept with its filled spec: a later
    /// look within <see cref="ExistenceTtl"/> does not ask again whether a metric exists or its series carry a label
    /// (<see cref="MetricPresence"/>). A spec without hashes, or a pair many rollouts share over days, asks again once
    /// the answer is that old, so a metric no longer exported is noticed.
    /// </summary>
    public MetricPresence Presence(string? stableHash, string? latestHash) => Analysis(stableHash, latestHash).Presence;

    /// <summary>How many pairs' analyses are kept now (at most <see cref="MaxFilled"/>).</summary>
    internal int Kept => _analyses.Count;

    private (CanarySpec Spec, MetricPresence Presence) Analysis(string? stableHash, string? latestHash) =>
        _analyses.Get((stableHash, latestHash), static (hashes, served) => (GroupSelectors.Fill(served.Spec, hashes.Stable, hashes.Latest), new MetricPresence(served.Clock, served.ExistenceTtl)), this);
}
