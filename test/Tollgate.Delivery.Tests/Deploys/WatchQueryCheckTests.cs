using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// The watch's queries are sent once to a real Prometheus before <c>deploy run</c> deploys: one it rejects is exit 3
/// with nothing deployed, not a failure found on the first look with the new version live.
/// </summary>
public sealed class WatchQueryCheckTests : IAsyncLifetime
{
    private const string Spec =
        """
        window: 2m
        interval: 1m
        groups:
          baseline: 'app="web", track="stable"'
          canary: 'app="web"'
        metrics:
          - name: error-rate
            type: ratio
            errors: 'sum(increase(errors{ {{selector}} }[{{interval}}]))'
            total: 'QUERY'
            maxValue: 0.01
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-watchquery-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private PrometheusProcess _prometheus = null!;

    public async Task InitializeAsync() => _prometheus = await PrometheusProcess.StartAsync(_dir, Path.Combine(_dir, "data"));

    private (CanarySpec Spec, IMetricSource Source) Arrange(string total, Uri prometheus)
    {
        var path = Path.Combine(_dir, "slo.yaml");
        File.WriteAllText(path, Spec.Replace("QUERY", total, StringComparison.Ordinal));
        var spec = SpecLoader.Load(path) with { Path = "slo.yaml" };
        return (spec, new PrometheusSource(_http, prometheus, new PrometheusOptions(TimeSpan.FromSeconds(5)), TimeProvider.System, null));
    }

    [Fact]
    public async Task CheckQueries_QueryPrometheusRejects_OneLineNamingTheSpecAndMetric()
    {
        var (spec, source) = Arrange("sum(increase(total{ {{selector}} }[{{interval}}])) by (", _prometheus.Url);

        var error = await Should.ThrowAsync<InvalidInputException>(() => WatchWindow.CheckQueriesAsync(spec, source, DateTimeOffset.UtcNow, CancellationToken.None));

        error.Message.ShouldStartWith("slo.yaml: metric error-rate (total): Prometheus rejected the query sum(increase(total{ app=\"web\" }[1m])) by (: bad_data: invalid parameter \"query\"");
        error.Message.ShouldEndWith("; nothing was deployed or recorded");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task CheckQueries_ValidQueriesWithNoData_Pass()
    {
        var (spec, source) = Arrange("sum(increase(total{ {{selector}} }[{{interval}}]))", _prometheus.Url);

        await Should.NotThrowAsync(() => WatchWindow.CheckQueriesAsync(spec, source, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    [Fact]
    public async Task CheckQueries_PrometheusDown_LeftToTheWatchWhichHolds()
    {
        var (spec, source) = Arrange("sum(increase(total{ {{selector}} }[{{interval}}]))", new Uri("http://127.0.0.1:9/"));

        await Should.NotThrowAsync(() => WatchWindow.CheckQueriesAsync(spec, source, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
