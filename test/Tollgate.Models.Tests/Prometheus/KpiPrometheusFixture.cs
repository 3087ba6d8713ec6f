using Tollgate.Canary.Tests.Prometheus;

namespace Tollgate.Models.Tests.Prometheus;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>, started by the canary tests' <see cref="PrometheusProcess"/>) whose
/// storage is backfilled with <see cref="KpiTraffic"/> by promtool. One per test run.
/// </summary>
public sealed class KpiPrometheusFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tollgate-kpi-" + Guid.NewGuid().ToString("N")[..12]);
    private PrometheusProcess? _server;

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("Prometheus is not running");

    public string Root => _root;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var input = Path.Combine(_root, "kpi.om");
        await using (var writer = new StreamWriter(input))
        {
            KpiTraffic.Write(writer);
        }

        var data = Path.Combine(_root, "data");
        await PrometheusProcess.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, data]);
        File.Delete(input);
        _server = await PrometheusProcess.StartAsync(_root, data);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
