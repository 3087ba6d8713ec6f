namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a free loopback port, its storage backfilled with
/// <see cref="CanaryTraffic"/> by <c>promtool tsdb create-blocks-from openmetrics</c>. One per test run.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tollgate-canary-" + Guid.NewGuid().ToString("N")[..12]);
    private PrometheusProcess? _server;

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("Prometheus is not running");

    public string Root => _root;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var input = Path.Combine(_root, "traffic.om");
        await using (var writer = new StreamWriter(input))
        {
            CanaryTraffic.Write(writer);
        }

        var data = Path.Combine(_root, "data");
        await PrometheusProcess.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, data]);

        // eng/canary-demo.sh keeps the traffic to serve the README's example run from the same data.
        if (Environment.GetEnvironmentVariable("TOLLGATE_CANARY_DEMO_DIR") is { Length: > 0 } demo)
        {
            Directory.CreateDirectory(demo);
            File.Copy(input, Path.Combine(demo, "traffic.om"), overwrite: true);
        }

        File.Delete(input);
        _server = await PrometheusProcess.StartAsync(_root, data);
    }

    /// <summary>A spec file for one app of the test traffic, pointed at this Prometheus (the checkout example with its app swapped).</summary>
    public string SpecFor(string app, Uri? prometheus = null, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"))
            .Replace("app=\"checkout\"", $"app=\"{app}\"", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:9090", (prometheus ?? Url).ToString().TrimEnd('/'), StringComparison.Ordinal);
        var path = Path.Combine(_root, $"{app}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, edit is null ? text : edit(text));
        return path;
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
