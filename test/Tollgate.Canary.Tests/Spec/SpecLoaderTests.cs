using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Tests.Spec;

public sealed class SpecLoaderTests
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

    [Fact]
    public void Parse_TheExample_ReadsEveryField()
    {
        var spec = SpecLoader.Parse(Example, "checkout.yaml");

        spec.Prometheus.ShouldBe(new Uri("http://127.0.0.1:9090"));
        spec.Window.ShouldBe(TimeSpan.FromMinutes(10));
        spec.Interval.ShouldBe(TimeSpan.FromMinutes(1));
        spec.Steps.ShouldBe(10);
        spec.MinSamples.ShouldBe(200);
        spec.BaselineSelector.ShouldBe("app=\"checkout\", version=\"v1\"");
        spec.SliceBy.ShouldBe(["tenant", "endpoint"]);
        spec.Metrics.Select(m => m.Type).ShouldBe([MetricType.Ratio, MetricType.Latency]);
        spec.Metrics[0].MaxRatio.ShouldBe(2.0);
        spec.Metrics[1].Quantile.ShouldBe(0.99);
        spec.Metrics[1].Buckets!.Line.ShouldBe(24);
    }

    [Fact]
    public void Parse_SliceByLabelNoQueryHasNorNearly_KeepsTheQueryMessage()
    {
        var text = Example.Replace("sliceBy: [tenant, endpoint]", "sliceBy: [tenant, region]", StringComparison.Ordinal);

        Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "checkout.yaml")).Message
            .ShouldBe("checkout.yaml:17: metric 'error-rate' errors: the query must aggregate by (tenant, region); it loses region");
    }

    [Fact]
    public void Parse_MaxRatioOfOne_IsAccepted()
    {
        // A canary no worse than its baseline at all: the tightest bound that can still promote.
        SpecLoader.Parse(Example.Replace("    maxRatio: 2.0 ", "    maxRatio: 1", StringComparison.Ordinal), "checkout.yaml").Metrics[0].MaxRatio.ShouldBe(1);
    }

    [Fact]
    public void Render_TheErrorsQuery_SubstitutesSelectorAndInterval()
    {
        var spec = SpecLoader.Parse(Example, "checkout.yaml");

        spec.Metrics[0].Errors!.Render(spec.CanarySelector, spec.Interval)
            .ShouldBe("sum by (tenant, endpoint) (increase(http_requests_total{code=~\"5..\", app=\"checkout\", version=\"v2\"}[1m]))");
    }

    [Theory]
    [InlineData("    maxRatio: 2.0 ", "    maxRatoi: 2.0", "checkout.yaml:19: unknown field 'maxRatoi' in a metric; did you mean 'maxRatio'?")]
    [InlineData("    maxRatio: 2.0 ", "    ceiling: 2.0", "checkout.yaml:19: unknown field 'ceiling' in a metric (expected one of: name, type, errors, total, buckets, samples, quantile, maxRatio, maxValue, minSamples)")]
    [InlineData("    maxRatio: 2.0 ", "    maxRatio: 0.5", "checkout.yaml:19: metric 'error-rate': 'maxRatio: 0.5' must be at least 1: the canary may be at most this many times the baseline")]
    [InlineData("    maxRatio: 2.0 ", "    maxRatio: 0", "checkout.yaml:19: metric 'error-rate': 'maxRatio: 0' must be at least 1: the canary may be at most this many times the baseline")]
    [InlineData("    maxRatio: 2.0 ", "    maxRatio: -2", "checkout.yaml:19: metric 'error-rate': 'maxRatio: -2' must be at least 1: the canary may be at most this many times the baseline")]
    [InlineData("sliceBy: [tenant, endpoint]", "sliceBy: [tennant, endpoint]", "checkout.yaml:17: metric 'error-rate' errors: the query must aggregate by (tennant, endpoint); it loses tennant; the query aggregates by tenant: did you mean sliceBy: tenant (line 13)?")]
    [InlineData("errors: 'sum by (tenant, endpoint)", "errors: 'sum by (tennant, endpoint)", "checkout.yaml:17: metric 'error-rate' errors: the query must aggregate by (tenant, endpoint); it loses tenant; it aggregates by tennant instead: did you mean tenant?")]
    [InlineData("window: 10m ", "windwo: 10m", "checkout.yaml:4: unknown field 'windwo' in the spec; did you mean 'window'?")]
    [InlineData("  canary: 'app=\"checkout\", version=\"v2\"'", "", "checkout.yaml:11: missing required field 'canary'")]
    [InlineData("window: 10m ", "window: ten minutes", "checkout.yaml:4: 'window: ten minutes' is not a duration")]
    [InlineData("sliceBy: [tenant, endpoint]", "sliceBy: [tenant, endpoint, tenant]", "checkout.yaml:13: 'tenant' is in sliceBy twice: each label slices once")]
    [InlineData("window: 10m ", "window: 0s", "checkout.yaml:4: 'window: 0s' must be longer than zero, e.g. 1m")]
    [InlineData("interval: 1m ", "interval: -1m", "checkout.yaml:5: 'interval: -1m' must be longer than zero, e.g. 1m")]
    [InlineData("timeout: 10s ", "timeout: 0ms", "checkout.yaml:9: 'timeout: 0ms' must be longer than zero, e.g. 10s")]
    [InlineData("interval: 1m ", "interval: 3m", "checkout.yaml:5: window 10m must be a whole number of intervals of 3m")]
    [InlineData("window: 10m ", "window: 99999999999999999999999y", "checkout.yaml:4: 'window: 99999999999999999999999y' is out of range: at most 876000h (100 years)")]
    [InlineData("window: 10m ", "window: 200y", "checkout.yaml:4: 'window: 200y' is out of range")]
    [InlineData("interval: 1m ", "interval: 9223372036854775807ms", "checkout.yaml:5: 'interval: 9223372036854775807ms' is out of range")]
    [InlineData("interval: 1m ", "interval: 1ms", "checkout.yaml:5: window 10m is 600,000 intervals of 1ms; Prometheus answers at most 11,000 points")]
    [InlineData("timeout: 10s ", "timeout: 100y", "checkout.yaml:9: timeout 876000h is out of range: at most 1h per query")]
    [InlineData("[{{interval}}]))'\n    total", "[{{intervall}}]))'\n    total", "checkout.yaml:17: metric 'error-rate' errors: unknown placeholder {{intervall}}")]
    [InlineData("{ {{selector}} }[{{interval}}]))'\n    maxRatio: 2.0", "{ app=\"x\" }[{{interval}}]))'\n    maxRatio: 2.0", "checkout.yaml:18: metric 'error-rate' total: the query must contain {{selector}}")]
    [InlineData("sum by (le, tenant, endpoint)", "sum by (tenant, endpoint)", "checkout.yaml:24: metric 'latency-p99' buckets: the query must aggregate by (tenant, endpoint, le); it loses le")]
    [InlineData("    type: latency", "    type: histogram", "checkout.yaml:22: metric 'latency-p99': type 'histogram' is not ratio, latency or samples")]
    [InlineData("    quantile: 0.99", "    quantile: 99", "checkout.yaml:23: metric 'latency-p99': quantile must be between 0 and 1")]
    [InlineData("{{selector}}}[", "{selector}}}[", "checkout.yaml:17: metric 'error-rate' errors: malformed placeholder")]
    [InlineData("    maxRatio: 2.0 ", "    maxRatio: [2.0] ", "checkout.yaml:19: 'maxRatio' must be one value, not a list")]
    [InlineData("minSamples: 200 ", "minSamples: 99999999999999999999 ", "checkout.yaml:6: 'minSamples: 99999999999999999999' is out of range: a whole number of at most 9223372036854775807")]
    [InlineData("minSamples: 200 ", "minSamples: lots ", "checkout.yaml:6: 'minSamples: lots' is not a whole number")]
    [InlineData("(increase(http_requests_total{code", "(rate(http_requests_total{code", "checkout.yaml:17: metric 'error-rate' errors: rate() answers per-second rates, not counts; use increase(…[{{interval}}]) (type ratio judges each interval's counts)")]
    [InlineData("(increase(http_request_duration", "(irate (http_request_duration", "checkout.yaml:24: metric 'latency-p99' buckets: irate() answers per-second rates, not counts; use increase(…[{{interval}}]) (type latency")]
    public void Parse_InvalidSpec_NamesTheLine(string find, string replace, string expected)
    {
        Example.ShouldContain(find);
        var text = Example.Replace(find, replace, StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "checkout.yaml"));

        error.Message.ShouldStartWith(expected);
    }

    [Fact]
    public void Parse_RateOnlyInsideALabelValue_Loads()
    {
        var text = Example.Replace("{code=~\"5..\", ", "{code=~\"5..\", path!=\"/rate(1)\", ", StringComparison.Ordinal);

        SpecLoader.Parse(text, "checkout.yaml").Metrics[0].Errors!.Text.ShouldContain("/rate(1)");
    }

    /// <summary>The same broken texts as the policy's and the manifests' tests: the three loaders word them alike.</summary>
    [Theory]
    [InlineData("metadata:\n  name: web\n  app: x: y\n", "3:9: not valid YAML: While scanning a plain scalar value, found invalid mapping")]
    [InlineData("metadata:\n  labels: {app: web\n", "3:1: not valid YAML: While parsing a flow mapping, did not find expected ',' or '}'")]
    [InlineData("metadata:\n  name: 'web\n", "2:9: not valid YAML: While scanning a quoted scalar, found unexpected end of stream")]
    [InlineData("window: 10m\ngroups: [a\n", "3:1: not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'")]
    public void Parse_NotYaml_OneLineNamingFileLineAndColumn(string yaml, string message)
    {
        var error = Should.Throw<InvalidInputException>(() => SpecLoader.Parse(yaml, "bad.yaml"));

        error.Message.ShouldBe($"bad.yaml:{message}");
    }

    [Fact]
    public void Parse_MetricWithoutBounds_IsRejected()
    {
        var text = Example.Replace("    maxRatio: 1.2\n    maxValue: 0.5                         # seconds\n", "", StringComparison.Ordinal);

        Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "c.yaml")).Message.ShouldContain("needs maxRatio");
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("10m", 600)]
    public void PromDuration_RoundTrips(string text, int seconds)
    {
        PromDuration.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(TimeSpan.FromSeconds(seconds));
        PromDuration.Format(parsed).ShouldBe(text == "90s" ? "1m30s" : text);
    }
}
