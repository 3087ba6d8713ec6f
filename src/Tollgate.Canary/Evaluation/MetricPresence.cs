using System.Collections.Concurrent;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// What the existence probes of <see cref="MetricProbe"/> found present, kept so later looks do not ask again: a metric
/// name that had series, a label that a metric's series carried. Only yes is kept; a no is asked again at the next
/// look, since a counter may appear. A yes is kept for <see cref="Keep"/> on the clock given (a watch: for its life;
/// <c>tollgate serve</c>: <c>--existence-ttl</c>, so a metric that stops being exported is noticed even by an analysis
/// that runs for days), then asked again; at most <see cref="MaxAnswers"/> are kept (past that, a yes is not kept and is
/// asked again next time). Safe for concurrent looks.
/// </summary>
public sealed class MetricPresence
{
    /// <summary>The most yes answers kept: far more than a spec's metric names and matcher labels.</summary>
    public const int MaxAnswers = 1024;

    private readonly ConcurrentDictionary<string, long> _present = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (DateTimeOffset? At, long Asked)> _lastSeen = new(StringComparer.Ordinal);

    private readonly TimeProvider _clock;

    /// <summary>A yes kept for the life of this object (a watch's: the watch ends).</summary>
    public MetricPresence()
        : this(TimeProvider.System, Timeout.InfiniteTimeSpan)
    {
    }

    /// <summary>A yes kept for <paramref name="keep"/> on <paramref name="clock"/> (<see cref="TimeSpan.Zero"/>: none kept; <see cref="Timeout.InfiniteTimeSpan"/>: for ever).</summary>
    public MetricPresence(TimeProvider clock, TimeSpan keep)
    {
        if (keep < TimeSpan.Zero && keep != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "a duration from zero, or Timeout.InfiniteTimeSpan");
        }

        _clock = clock;
        Keep = keep;
    }

    /// <summary>How long a yes is kept before it is asked again.</summary>
    public TimeSpan Keep { get; }

    /// <summary>The present on the presence's clock: when <see cref="MetricProbe"/> asks whether a metric has series now.</summary>
    internal DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>How many yes answers are kept now, fresh or not yet found stale.</summary>
    public int Count => _present.Count;

    /// <summary>True when a probe found series named <paramref name="name"/> (carrying <paramref name="label"/> when given) less than <see cref="Keep"/> ago.</summary>
    public bool Known(string name, string? label = null)
    {
        var key = Key(name, label);
        if (!_present.TryGetValue(key, out var found))
        {
            return false;
        }

        if (Fresh(found))
        {
            return true;
        }

        _present.TryRemove(KeyValuePair.Create(key, found));
        return false;
    }

    /// <summary>Keeps that a probe found series named <paramref name="name"/> (carrying <paramref name="label"/> when given), from now.</summary>
    public void Found(string name, string? label = null)
    {
        if (Keep == TimeSpan.Zero)
        {
            return;
        }

        if (label is null)
        {
            _lastSeen.TryRemove(name, out _);
        }

        var key = Key(name, label);
        if (_present.Count >= MaxAnswers && !_present.ContainsKey(key))
        {
            foreach (var (stale, found) in _present)
            {
                if (!Fresh(found))
                {
                    _present.TryRemove(KeyValuePair.Create(stale, found));
                }
            }

            if (_present.Count >= MaxAnswers)
            {
                return;
            }
        }

        _present[key] = _clock.GetTimestamp();
    }

    /// <summary>
    /// True when the source said less than <see cref="Keep"/> ago when a metric without series had its last sample
    /// (<paramref name="at"/>; null: none in the day before): a stopped metric's day-long question is asked once a watch.
    /// </summary>
    public bool LastSeen(string name, out DateTimeOffset? at)
    {
        at = null;
        if (!_lastSeen.TryGetValue(name, out var seen))
        {
            return false;
        }

        if (!Fresh(seen.Asked))
        {
            _lastSeen.TryRemove(KeyValuePair.Create(name, seen));
            return false;
        }

        at = seen.At;
        return true;
    }

    /// <summary>Whether any last-seen answer is kept (so an answer with series need not look for one to drop).</summary>
    public bool AnyLastSeen => !_lastSeen.IsEmpty;

    /// <summary>Drops the kept last-seen answer of <paramref name="name"/>: a query selecting it answered series, so it resumed and a later stop is asked again.</summary>
    public void Resumed(string name) => _lastSeen.TryRemove(name, out _);

    /// <summary>Keeps the source's answer to when <paramref name="name"/> was last seen, from now (at most <see cref="MaxAnswers"/>).</summary>
    public void Seen(string name, DateTimeOffset? at)
    {
        if (Keep != TimeSpan.Zero && (_lastSeen.Count < MaxAnswers || _lastSeen.ContainsKey(name)))
        {
            _lastSeen[name] = (at, _clock.GetTimestamp());
        }
    }

    private bool Fresh(long found) => Keep == Timeout.InfiniteTimeSpan || _clock.GetElapsedTime(found) < Keep;

    private static string Key(string name, string? label) => label is null ? name : name + "\n" + label;
}
