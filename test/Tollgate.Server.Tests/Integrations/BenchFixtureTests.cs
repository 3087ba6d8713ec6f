using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Canary.Gate;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Ledger;
using Tollgate.Server.Tests.Support;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// The replayed spec eng/bench-serve.sh loads (bench/serve/specs: checkout.yaml and its checkout.replay/ recording).
/// <c>TOLLGATE_WRITE_BENCH_FIXTURE=1</c> records it again from <see cref="FakePrometheus"/>; every run checks that the
/// server judges it from the recording, as the benchmark needs.
/// </summary>
public sealed class BenchFixtureTests
{
    private const string At = "2026-11-01T10:30:00Z";

    private static string Specs => ReplayedCheckout.Specs;

    [Fact]
    public async Task BenchSpec_Replayed_PassesWithoutPrometheus()
    {
        if (Environment.GetEnvironmentVariable("TOLLGATE_WRITE_BENCH_FIXTURE") == "1")
        {
            await RecordAsync();
        }

        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-bench-fixture-").FullName;
        var options = new ServeOptions("http://127.0.0.1:0", Specs, directory, Tollgate.Cli.Hosting.Pillars.Rules, Tollgate.Cli.Hosting.Pillars.Vocabulary) { Ledger = Path.Combine(directory, "ledger.db") };
        await using var server = await TollgateServer.StartAsync(options, TimeProvider.System, CancellationToken.None, _ => { });
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };

        using var answer = await http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(await File.ReadAllTextAsync(Path.Combine(Specs, "..", "request.json")), Encoding.UTF8, "application/json"));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        json.GetProperty("verdict").GetString().ShouldBe("pass", json.ToString());
        json.GetProperty("subject").GetString().ShouldBe("checkout");
    }

    private static async Task RecordAsync()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var spec = Path.Combine(Specs, "checkout.yaml");
        var text = RunningServer.CheckoutSpec("http://prometheus.invalid:9090");
        await File.WriteAllTextAsync(spec, "# The replayed spec of eng/bench-serve.sh; its answers are in checkout.replay/ (recorded by BenchFixtureTests).\n" + text);
        var replay = Path.Combine(Specs, "checkout.replay");
        if (Directory.Exists(replay))
        {
            Directory.Delete(replay, recursive: true);
        }

        var work = Directory.CreateTempSubdirectory("tollgate-bench-record-").FullName;
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(work, "ledger.db"), work, TimeProvider.System);
        var request = new CanaryRequest(spec) { At = At, Prometheus = prometheus.Url, Record = replay, StableHash = RunningServer.StableHash, LatestHash = prometheus.CanaryHash };
        var report = await new CanaryGate().RunAsync(request, new GateContext(TimeProvider.System, ledger, Policy.Default, work));
        report.Verdict.ShouldBe(Domain.Verdicts.Verdict.Pass);
        await File.WriteAllTextAsync(Path.Combine(Specs, "..", "request.json"), $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"{{prometheus.CanaryHash}}"}""" + "\n");
    }
}
