using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Prometheus;

namespace Tollgate.Server.Observability;

/// <summary>
/// The server's metrics in Prometheus text at <c>/metrics</c>: verdicts by kind and outcome, how long the judging took,
/// and how long each route took to answer. One registry per server, so two servers in one process count apart. The
/// labelled series are looked up once per distinct label set and kept (a handful: kinds, outcomes, routes, statuses),
/// so a request counts without building its label values again.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly double[] Seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<(string Kind, string Outcome), Counter.Child> _verdicts = new();
    private readonly ConcurrentDictionary<(string Kind, string Outcome), Counter.Child> _unrecorded = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _judge = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Route, string Method, int Status), Histogram.Child> _requests = new();

    public ServerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Verdicts = factory.CreateCounter("tollgate_verdicts_total", "Verdicts given, by kind and outcome", "kind", "outcome");
        UnrecordedVerdicts = factory.CreateCounter("tollgate_verdicts_unrecorded_total", "Verdicts answered though the ledger could not record them (a canary fail: the rollback goes ahead), by kind and outcome", "kind", "outcome");
        Judge = factory.CreateHistogram("tollgate_judge_duration_seconds", "Time to reach a verdict (metrics fetched, judged, recorded)", new HistogramConfiguration
        {
            LabelNames = ["kind"],
            Buckets = Seconds,
        });
        Requests = factory.CreateHistogram("tollgate_http_request_duration_seconds", "Time to answer a request, by route, method and status", new HistogramConfiguration
        {
            LabelNames = ["route", "method", "code"],
            Buckets = Seconds,
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>
    /// The ledger's group commits on every scrape, by what they write (<c>verdicts</c>, <c>events</c>, on either
    /// ledger): transactions committed, the items in them (their ratio is how much grouping the load gave),
    /// items queued for the next one, and items in the one under way.
    /// </summary>
    public void Watch(Hosting.ServerLedger ledger)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        var commits = factory.CreateCounter("tollgate_ledger_commits_total", "Transactions the ledger's group commit wrote, by what they record", "writes");
        var items = factory.CreateCounter("tollgate_ledger_committed_total", "Verdicts or event bodies recorded by the ledger's group commit, by what they are", "writes");
        var waiting = factory.CreateGauge("tollgate_ledger_writes_waiting", "Verdicts or event bodies queued for the ledger's next group commit", "writes");
        var writing = factory.CreateGauge("tollgate_ledger_writes_in_progress", "Verdicts or event bodies in the ledger's group commit under way (its transaction not yet ended): long non-zero, a write held by a lock", "writes");
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (writes, f) in new[] { ("verdicts", ledger.VerdictCommits), ("events", ledger.EventCommits) })
            {
                commits.WithLabels(writes).IncTo(f.Batches);
                items.WithLabels(writes).IncTo(f.Items);
                waiting.WithLabels(writes).Set(f.Waiting);
                writing.WithLabels(writes).Set(f.Writing);
            }
        });
    }

    public Counter Verdicts { get; }

    public Counter UnrecordedVerdicts { get; }

    public Histogram Judge { get; }

    public Histogram Requests { get; }

    /// <summary>The methods of RFC 9110 and PATCH (RFC 5789), as a request line spells them.</summary>
    private static readonly FrozenSet<string> StandardMethods = FrozenSet.Create(StringComparer.Ordinal, "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /// <summary>Counts one verdict (or <c>not-judged</c>) of <paramref name="kind"/>.</summary>
    public void Verdict(string kind, string outcome) =>
        _verdicts.GetOrAdd((kind, outcome), static (key, counter) => counter.WithLabels(key.Kind, key.Outcome), Verdicts).Inc();

    /// <summary>Counts one verdict of <paramref name="kind"/> answered without its record (the ledger could not write it).</summary>
    public void Unrecorded(string kind, string outcome) =>
        _unrecorded.GetOrAdd((kind, outcome), static (key, counter) => counter.WithLabels(key.Kind, key.Outcome), UnrecordedVerdicts).Inc();

    /// <summary>How long a judgement of <paramref name="kind"/> took.</summary>
    public void Judged(string kind, TimeSpan elapsed) =>
        _judge.GetOrAdd(kind, static (key, histogram) => histogram.WithLabels(key), Judge).Observe(elapsed.TotalSeconds);

    /// <summary>
    /// How long a request on <paramref name="route"/> took to answer with <paramref name="status"/>. A method other than
    /// HTTP's own is counted as <c>other</c>: a client sending made-up methods cannot add series without end.
    /// </summary>
    public void Answered(string route, string method, int status, TimeSpan elapsed) =>
        _requests.GetOrAdd((route, StandardMethods.Contains(method) ? method : "other", status), static (key, histogram) => histogram.WithLabels(key.Route, key.Method, key.Status.ToString(CultureInfo.InvariantCulture)), Requests)
            .Observe(elapsed.TotalSeconds);
}
