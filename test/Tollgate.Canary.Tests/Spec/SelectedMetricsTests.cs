using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Tests.Spec;

/// <summary>
/// The metric names a PromQL query selects, which the evaluator asks the source about when an errors query answers
/// nothing: the selectors' names, never a function, keyword, label, string, duration or number.
/// </summary>
public sealed class SelectedMetricsTests
{
    public static TheoryData<string, string[], int> Queries => new()
    {
        { """sum by (tenant, endpoint) (increase(http_requests_total{code=~"5..", app="checkout"}[1m]))""", ["http_requests_total"], 0 },
        { """sum(increase(errors_total{ app="web" }[5m])) by (tenant) / sum(increase(requests_total[5m])) by (tenant)""", ["errors_total", "requests_total"], 0 },
        { """histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))""", ["http_request_duration_seconds_bucket"], 0 },
        { """sum without (pod, instance) (rate(grpc_server_handled_total{grpc_code!="OK"}[1m] offset 5m))""", ["grpc_server_handled_total"], 0 },
        { """errors and on(job) group_left(version) build_info * 1e-3""", ["errors", "build_info"], 0 },
        { """SUM BY (tenant) (a) OR b @ 1609746000 unless c @ start()""", ["a", "b", "c"], 0 },
        { """count_values("code", label_replace(up{job="x"}, "dst", "$1", "src", "(.*)"))""", ["up"], 0 },
        { """sum(rate({__name__="http_requests_total", code=~"5.."}[1m]))""", ["http_requests_total"], 0 },
        { """sum(rate({__name__ = 'odd\'name'}[1m]))""", ["odd'name"], 0 },
        { """sum(rate({"my.metric", code="500"}[1m]))""", ["my.metric"], 0 },
        { """sum(rate({__name__=~"http_.*"}[1m])) + sum(rate({job="api"}[1m]))""", [], 2 },
        { """sum(rate(x{path="/a}b"}[1m])) # a comment naming not_a_metric""", ["x"], 0 },
        { """max_over_time(rate(x:recorded:rate5m[5m])[30m:1m]) > bool Inf""", ["x:recorded:rate5m"], 0 },
        { """vector(0) + scalar(time())""", [], 0 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Of_Query_NamesItsSelectorsOnly(string query, string[] names, int unnamed)
    {
        var selected = SelectedMetrics.Of(query);

        selected.Names.ShouldBe(names);
        selected.Unnamed.ShouldBe(unnamed);
    }
}
