using System.Collections.Concurrent;
using Tollgate.Domain.Gates;

namespace Tollgate.Canary.Sources;

/// <summary>
/// One state of a <see cref="ReplayRecording"/>'s files, shared by concurrent requests: a metric source whose answers
/// are parsed once (<see cref="ReplaySource.Read"/>), the recorded end of the evaluation, and the evidence built from
/// them per filled spec and window. Nothing here is a verdict: the policy, the approvals, the decision and the ledger
/// record still run for every request that uses it.
/// </summary>
public sealed class ReplaySnapshot : IMetricSource
{
    /// <summary>Distinct (spec, window) pairs kept at most; past it the memory starts again (a caller can vary <c>at</c> freely).</summary>
    private const int MaxEvidence = 1024;

    private readonly string _directory;
    private readonly ConcurrentDictionary<RecordedRequest, MetricResponse> _answers = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<Evidence>>> _evidence = new(StringComparer.Ordinal);
    private readonly Lazy<DateTimeOffset> _recordedAt;
    private readonly Lazy<DateTimeOffset?> _recordedClock;

    internal ReplaySnapshot(string directory, string stamp)
    {
        _directory = directory;
        Stamp = stamp;
        _recordedAt = new Lazy<DateTimeOffset>(() => ReplaySource.RecordedAt(directory));
        _recordedClock = new Lazy<DateTimeOffset?>(() => ReplaySource.RecordedClock(directory));
    }

    internal string Stamp { get; }

    /// <summary>The end of the recorded evaluation (<c>evaluation.json</c>), read once.</summary>
    public DateTimeOffset RecordedAt => _recordedAt.Value;

    /// <summary>The clock when it was recorded (<see cref="ReplaySource.RecordedClock"/>), read once.</summary>
    public DateTimeOffset? RecordedClock => _recordedClock.Value;

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(RecordedRequest.Range(query, start, end, step)));

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(RecordedRequest.Instant(query, at)));

    /// <summary>
    /// The evidence for <paramref name="key"/> (the filled spec's text and the window), built by <paramref name="build"/>
    /// the first time: concurrent first callers share that one build. <paramref name="build"/> must depend on nothing but
    /// the key and this snapshot's answers. A build that fails is forgotten once it has failed (its callers all see the
    /// failure), so the next request builds again rather than repeating a passing error until the files change.
    /// </summary>
    public Task<Evidence> EvidenceAsync(string key, Func<Task<Evidence>> build)
    {
        if (_evidence.TryGetValue(key, out var known))
        {
            return known.Value;
        }

        if (_evidence.Count >= MaxEvidence)
        {
            _evidence.Clear();
        }

        return _evidence.GetOrAdd(key, _ =>
        {
            Lazy<Task<Evidence>> entry = null!;
            entry = new Lazy<Task<Evidence>>(() => BuildAsync(key, entry, build));
            return entry;
        }).Value;
    }

    private async Task<Evidence> BuildAsync(string key, Lazy<Task<Evidence>> entry, Func<Task<Evidence>> build)
    {
        try
        {
            return await build();
        }
        catch
        {
            _evidence.TryRemove(new KeyValuePair<string, Lazy<Task<Evidence>>>(key, entry));
            throw;
        }
    }

    private MetricResponse Answer(RecordedRequest request) =>
        _answers.TryGetValue(request, out var known) ? known : _answers.GetOrAdd(request, ReplaySource.Read(_directory, request));
}
