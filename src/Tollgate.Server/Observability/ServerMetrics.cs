using Prometheus;

namespace Tollgate.Server.Observability;

/// <summary>
/// The server's metrics in Prometheus text at <c>/metrics</c>: verdicts by kind and outcome, how long the judging took,
/// and how long each route took to answer. One registry per server, so two servers in one process count apart.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly double[] Seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public ServerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Verdicts = factory.CreateCounter("tollgate_verdicts_total", "Verdicts given, by kind and outcome", "kind", "outcome");
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

    public Counter Verdicts { get; }

    public Histogram Judge { get; }

    public Histogram Requests { get; }
}
