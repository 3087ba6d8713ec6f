using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Spec;

namespace Tollgate.Server.Specs;

/// <summary>
/// The analyses a served spec keeps, one per rollout's (stable, latest) hash pair: the spec filled with the pair and what
/// its looks found present. At most <see cref="Capacity"/>: a new pair past it drops only the pair looked at least
/// recently, so a server with many rollouts loses the analysis of one long idle (a rollout finished), never every
/// rollout's at once (which would make each one's next look ask its existence questions again together). Safe for
/// concurrent looks: one pair is made once and every look at it gets that one.
/// </summary>
internal sealed class RecentAnalyses(int capacity)
{
    private readonly Lock _gate = new();

    private readonly Dictionary<(string? Stable, string? Latest), LinkedListNode<Entry>> _entries = [];

    /// <summary>The pairs kept, the one looked at most recently first.</summary>
    private readonly LinkedList<Entry> _recent = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one pair");

    /// <summary>How many pairs are kept now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The pair's analysis, made by <paramref name="make"/> if it is not kept; either way now the most recently looked at.
    /// A pair <paramref name="make"/> refuses (it throws) is not kept and nothing is dropped for it.
    /// </summary>
    public (CanarySpec Spec, MetricPresence Presence) Get<TState>(
        (string? Stable, string? Latest) pair, Func<(string? Stable, string? Latest), TState, (CanarySpec, MetricPresence)> make, TState state)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(pair, out var kept))
            {
                if (kept != _recent.First)
                {
                    _recent.Remove(kept);
                    _recent.AddFirst(kept);
                }

                return kept.Value.Analysis;
            }

            var analysis = make(pair, state);
            if (_entries.Count >= Capacity)
            {
                var oldest = _recent.Last!;
                _recent.RemoveLast();
                _entries.Remove(oldest.Value.Pair);
            }

            _entries.Add(pair, _recent.AddFirst(new Entry(pair, analysis)));
            return analysis;
        }
    }

    private sealed record Entry((string? Stable, string? Latest) Pair, (CanarySpec Spec, MetricPresence Presence) Analysis);
}
