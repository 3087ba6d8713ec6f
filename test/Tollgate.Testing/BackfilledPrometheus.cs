namespace Tollgate.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a free loopback port, its storage backfilled from the OpenMetrics
/// text that <c>write</c> produces, by <c>promtool tsdb create-blocks-from openmetrics</c>; everything under one
/// temporary <see cref="Root"/>, removed on dispose. Test fixtures derive from it, one per test run.
/// </summary>
public abstract class BackfilledPrometheus(string prefix, Action<TextWriter> write) : IAsyncDisposable
{
    private PrometheusProcess? _server;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("Prometheus is not running");

    /// <summary>Backfills and starts the server; <paramref name="keepInputIn"/>, when given, also gets a copy of the OpenMetrics input.</summary>
    protected async Task StartAsync(string? keepInputIn = null)
    {
        Directory.CreateDirectory(Root);
        var input = Path.Combine(Root, "input.om");
        await using (var writer = new StreamWriter(input))
        {
            write(writer);
        }

        var data = Path.Combine(Root, "data");
        await PrometheusProcess.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, data]);
        if (keepInputIn is not null)
        {
            Directory.CreateDirectory(keepInputIn);
            File.Copy(input, Path.Combine(keepInputIn, "traffic.om"), overwrite: true);
        }

        File.Delete(input);
        _server = await PrometheusProcess.StartAsync(Root, data);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
