using Microsoft.Extensions.Logging;
using Tollgate.Cli.Hosting;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// A real <see cref="TollgateServer"/> on a loopback port of its own, with a spec directory (checkout.yaml judged
/// against <see cref="FakePrometheus"/> or another URL), a token file for alice and bob, and an HTTP client.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    public const string AliceToken = "alice-token-0123456789abcdef";
    public const string BobToken = "bob-token-0123456789abcdef";
    public const string StableHash = "6b8f4d7c1";

    private RunningServer(TollgateServer server, string directory)
    {
        Server = server;
        Directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]), Timeout = TimeSpan.FromSeconds(60) };
    }

    public TollgateServer Server { get; }

    public string Directory { get; }

    public HttpClient Http { get; }

    public List<string> LogLines { get; private set; } = [];

    /// <summary>The checkout spec: one error-rate metric, groups told apart by the rollout's pod-template hashes.</summary>
    public static string CheckoutSpec(string prometheus) => $"""
        prometheus: {prometheus}
        window: 5m
        interval: 1m
        minSamples: 200
        timeout: 2s
        groups:
          baseline: 'app="checkout", rollouts_pod_template_hash="{"{{stableHash}}"}"'
          canary: 'app="checkout", rollouts_pod_template_hash="{"{{latestHash}}"}"'
        metrics:
          - name: error-rate
            type: ratio
            errors: 'sum(increase(http_requests_total{"{"}code=~"5..", {"{{selector}}"}{"}"}[{"{{interval}}"}]))'
            total: 'sum(increase(http_requests_total{"{"} {"{{selector}}"} {"}"}[{"{{interval}}"}]))'
            maxRatio: 2.0
            maxValue: 0.05
        """;

    public static async Task<RunningServer> StartAsync(string prometheus, string? ledger = null, string? directory = null, Func<ServeOptions, ServeOptions>? configure = null, List<string>? logs = null, TimeProvider? clock = null)
    {
        directory ??= Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-serve-").FullName;
        var specs = Path.Combine(directory, "specs");
        System.IO.Directory.CreateDirectory(specs);
        await File.WriteAllTextAsync(Path.Combine(specs, "checkout.yaml"), CheckoutSpec(prometheus));
        await File.WriteAllTextAsync(Path.Combine(directory, "tokens"), $"# approvers\nalice {AliceToken}\nbob {BobToken}\n");
        var options = new ServeOptions("http://127.0.0.1:0", "specs", directory, Pillars.Rules, Pillars.Vocabulary)
        {
            Ledger = ledger,
            TokenFile = "tokens",
        };
        var lines = logs ?? [];
        var server = await TollgateServer.StartAsync(configure?.Invoke(options) ?? options, clock ?? TimeProvider.System, CancellationToken.None, logging => logging.AddProvider(new ListLoggerProvider(lines)));
        var running = new RunningServer(server, directory);
        running.LogLines = lines;
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.StopAsync();
        await Server.DisposeAsync();
    }
}
