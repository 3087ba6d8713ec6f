using Tollgate.Canary.Tests.Cli;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// <c>tollgate canary --policy FILE</c> end to end on a canary with three times the errors on one tenant: severity
/// overrides and exceptions apply as they do for <c>plan</c>, and a roll back the policy excepts holds, never promotes.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class CanaryPolicyCommandTests(PrometheusFixture prometheus)
{
    private static readonly string At = CanaryTraffic.JudgeAt.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public async Task Canary_NoPolicy_RollsBack()
    {
        var run = await RunAsync(prometheus.Root);

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        run.Json().GetProperty("facts").GetProperty("policy").GetString().ShouldBe("defaults");
    }

    [Fact]
    public async Task Canary_SeverityOverrideBelowFailOn_HoldsWithTheOverriddenSeverity()
    {
        var policy = Write("""
            rules:
              relative: { severity: medium }
              slo: { severity: medium }
            """);

        var run = await RunAsync(prometheus.Root, "--policy", policy);

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString()!.ShouldContain("do not fail under the policy (lowered below failOn, disabled or excepted)");
        // The checks that rolled back weigh what the policy says; those within their bounds stay info.
        var checks = json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() is "relative" or "slo").ToList();
        checks.Where(f => f.GetProperty("evidence").GetProperty("status").GetString() == "worse").ShouldNotBeEmpty();
        checks.Where(f => f.GetProperty("evidence").GetProperty("status").GetString() == "worse").ShouldAllBe(f => f.GetProperty("severity").GetString() == "medium");
        checks.Where(f => f.GetProperty("evidence").GetProperty("status").GetString() == "within").ShouldAllBe(f => f.GetProperty("severity").GetString() == "info");
        json.GetProperty("facts").GetProperty("policy").GetString().ShouldBe(policy);
    }

    [Fact]
    public async Task Canary_ExceptionOnTheFailingSlice_HoldsAndNamesItsOwner()
    {
        var policy = Write("""
            exceptions:
              - rule: "*"
                address: "tenant=acme*"
                reason: "acme load test in progress, OPS-77"
                owner: sre
                expires: 2099-01-31
            """);

        var run = await RunAsync(prometheus.Root, "--policy", policy);

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        var suppressed = run.Json().GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("address").GetString()!.StartsWith("tenant=acme", StringComparison.Ordinal)).ToList();
        suppressed.ShouldNotBeEmpty();
        suppressed.ShouldAllBe(f => f.GetProperty("suppression").GetProperty("owner").GetString() == "sre");
    }

    [Fact]
    public async Task Canary_ExpiredException_NoLongerAppliesAndSaysSo()
    {
        var policy = Write("""
            exceptions:
              - rule: "*"
                address: "tenant=acme*"
                reason: "old load test"
                owner: sre
                expires: 2020-01-31
            """);

        var run = await RunAsync(prometheus.Root, "--policy", policy);

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        run.Json().GetProperty("notes")[0].GetString()!.ShouldContain("expired on 2020-01-31");
    }

    [Fact]
    public async Task Canary_TollgateYamlInTheWorkingDirectory_AppliedWithoutTheOption()
    {
        var directory = Path.Combine(prometheus.Root, "wd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "tollgate.yaml"), "rules:\n  relative: { severity: low }\n  slo: { severity: low }\n");

        var run = await RunAsync(directory);

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
    }

    [Fact]
    public async Task Canary_PolicyNamingAnUnknownRule_Exit3BeforeAnyQuery()
    {
        var policy = Write("rules:\n  relatve: { severity: low }\n");

        var run = await RunAsync(prometheus.Root, "--policy", policy);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("relatve");
    }

    private string Write(string text)
    {
        var path = Path.Combine(prometheus.Root, $"policy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private Task<CliRun> RunAsync(string directory, params string[] args) =>
        CliRun.RunAsync(directory, null, ["canary", "--spec", prometheus.SpecFor("checkout"), "--at", At, "--format", "json", "--ledger", Path.Combine(directory, $"ledger-{Guid.NewGuid():N}.db"), .. args]);
}
