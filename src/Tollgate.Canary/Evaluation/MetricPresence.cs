using System.Collections.Concurrent;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// What the existence probes of <see cref="MetricProbe"/> found present, kept for the life of a watch or of one
/// rollout's analysis in <c>tollgate serve</c>, so its later looks do not ask again: a metric name that had series, a
/// label that a metric's series carried. Only yes is kept (a metric that existed keeps existing for this purpose); a
/// no is asked again at the next look, since a counter may appear. Safe for concurrent looks.
/// </summary>
public sealed class MetricPresence
{
    private readonly ConcurrentDictionary<string, bool> _present = new(StringComparer.Ordinal);

    /// <summary>True when a probe found series named <paramref name="name"/>, or carrying <paramref name="label"/> when given.</summary>
    public bool Known(string name, string? label = null) => _present.ContainsKey(Key(name, label));

    /// <summary>Keeps that a probe found series named <paramref name="name"/> (carrying <paramref name="label"/> when given).</summary>
    public void Found(string name, string? label = null) => _present.TryAdd(Key(name, label), true);

    private static string Key(string name, string? label) => label is null ? name : name + "\n" + label;
}
