using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// A real Prometheus backfilled with <see cref="CanaryTraffic"/>. One per test run. eng/canary-demo.sh sets
/// <c>TOLLGATE_CANARY_DEMO_DIR</c> to keep the traffic and serve the README's example run from the same data.
/// </summary>
public sealed class PrometheusFixture() : BackfilledPrometheus("tollgate-canary-", CanaryTraffic.Write), IAsyncLifetime
{
    public Task InitializeAsync() =>
        StartAsync(Environment.GetEnvironmentVariable("TOLLGATE_CANARY_DEMO_DIR") is { Length: > 0 } demo ? demo : null);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>
    /// A spec file for one app of the test traffic, pointed at this Prometheus (the checkout example with its app swapped).
    /// Pointed at this real Prometheus, its requests may take 60 s rather than the example's 10: a loaded CI machine running
    /// thousands of tests beside it made the day-before scan of a series that stopped miss 10 s three times (CI saw
    /// "did not answer within 10s (after 3 attempts)" where the hold names when the series stopped). Pointed elsewhere
    /// (a proxy that delays or hangs), the example's timeout stays for the test to set.
    /// </summary>
    public string SpecFor(string app, Uri? prometheus = null, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"))
            .Replace("app=\"checkout\"", $"app=\"{app}\"", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:9090", (prometheus ?? Url).ToString().TrimEnd('/'), StringComparison.Ordinal);
        if (prometheus is null)
            text = text.Replace("timeout: 10s", "timeout: 60s", StringComparison.Ordinal);
        var path = Path.Combine(Root, $"{app}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, edit is null ? text : edit(text));
        return path;
    }
}
