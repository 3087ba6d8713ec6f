using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// <c>graph</c> and <c>state-split</c> apply the policy file as <c>plan</c> does: severity overrides, disabled rules and
/// exceptions with owner and expiry (the CLI's clock is 2026-11-26), through the real command on real terraform.
/// </summary>
public sealed class GraphPolicyTests : IDisposable
{
    private const string FanOutHigh = "rules:\n  fan-out: { threshold: 3, severity: high }\n";

    private readonly TerraformWorkspace _ws = new("cli-graph-policy");

    public GraphPolicyTests()
    {
        var dependents = string.Concat(new[] { "a", "b", "c", "d" }.Select(n => $"resource \"terraform_data\" \"{n}\" {{\n  input = terraform_data.hub.id\n}}\n\n"));
        _ws.Write("main.tf", "resource \"terraform_data\" \"hub\" {\n  input = \"h\"\n}\n\n" + dependents)
            .Write("changed.txt", "terraform_data.hub\n");
    }

    [Fact]
    public async Task Graph_LiveExceptionOnFanOut_SuppressesTheHubWithOwnerAndExpiryAndPasses()
    {
        var without = await GraphAsync(FanOutHigh);
        var with = await GraphAsync(FanOutHigh + Exception("2027-01-31"));
        var text = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--policy", _ws.PathOf("policy.yaml"));

        without.ExitCode.ShouldBe(2, without.Error);
        with.ExitCode.ShouldBe(0, with.Error);
        var report = JsonDocument.Parse(with.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("pass");
        var hub = FindingsOf(report, "fan-out").ShouldHaveSingleItem();
        hub.GetProperty("address").GetString().ShouldBe("terraform_data.hub");
        hub.GetProperty("severity").GetString().ShouldBe("high");
        var suppression = hub.GetProperty("suppression");
        suppression.GetProperty("owner").GetString().ShouldBe("platform-team");
        suppression.GetProperty("expires").GetString().ShouldBe("2027-01-31");
        suppression.GetProperty("reason").GetString().ShouldBe("shared hub, ticket OPS-7");
        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.ShouldContain("excepted: shared hub, ticket OPS-7; owner platform-team; until 2027-01-31");
    }

    [Fact]
    public async Task Graph_ExpiredExceptionOnFanOut_StillReviewsAndSaysItExpired()
    {
        var run = await GraphAsync(FanOutHigh + Exception("2026-01-31"));

        run.ExitCode.ShouldBe(2, run.Error);
        var report = JsonDocument.Parse(run.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("review");
        FindingsOf(report, "fan-out").ShouldHaveSingleItem().TryGetProperty("suppression", out _).ShouldBeFalse();
        report.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldContain(
            "exception for fan-out on terraform_data.hub (owner platform-team: shared hub, ticket OPS-7) expired on 2026-01-31 and no longer applies to terraform_data.hub");
    }

    [Fact]
    public async Task Graph_BlastRadiusSeverityOverrideHigh_Reviews()
    {
        var defaults = await GraphAsync("failOn: high\n", "--changed", _ws.PathOf("changed.txt"));
        var high = await GraphAsync("rules:\n  blast-radius: { severity: high }\n", "--changed", _ws.PathOf("changed.txt"));

        defaults.ExitCode.ShouldBe(0, defaults.Error);
        FindingsOf(JsonDocument.Parse(defaults.Out).RootElement, "blast-radius").ShouldHaveSingleItem().GetProperty("severity").GetString().ShouldBe("info");
        high.ExitCode.ShouldBe(2, high.Error);
        var report = JsonDocument.Parse(high.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("review");
        report.GetProperty("reason").GetString()!.ShouldContain("terraform_data.hub changes: 4 resources depend on it");
        FindingsOf(report, "blast-radius").ShouldHaveSingleItem().GetProperty("severity").GetString().ShouldBe("high");
    }

    [Fact]
    public async Task Graph_DisabledRule_FindingsVanish()
    {
        var enabled = await GraphAsync("rules:\n  fan-out: { threshold: 3 }\n");
        var disabled = await GraphAsync("rules:\n  fan-out: { threshold: 3, enabled: false }\n");

        FindingsOf(JsonDocument.Parse(enabled.Out).RootElement, "fan-out").ShouldHaveSingleItem();
        disabled.ExitCode.ShouldBe(0, disabled.Error);
        var report = JsonDocument.Parse(disabled.Out).RootElement;
        FindingsOf(report, "fan-out").ShouldBeEmpty();
        report.GetProperty("facts").GetProperty("policy").GetString().ShouldBe(_ws.PathOf("policy.yaml"));
    }

    [Fact]
    public async Task StateSplit_ExceptionOnEveryFinding_PassesWithTheFindingsExcepted()
    {
        WriteTwoTeams();
        var without = await StateSplitAsync("failOn: high\n");
        var excepted = await StateSplitAsync("exceptions:\n  - rule: state-split\n    address: \"*\"\n    reason: split planned for Q1\n    owner: network-team\n    expires: 2027-03-31\n");

        without.ExitCode.ShouldBe(2, without.Error);
        excepted.ExitCode.ShouldBe(0, excepted.Error);
        var findings = JsonDocument.Parse(excepted.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.GetProperty("suppression").GetProperty("owner").GetString() == "network-team");
    }

    [Fact]
    public async Task StateSplit_DisabledRuleAndSeverityOverride_AreApplied()
    {
        WriteTwoTeams();
        var disabled = await StateSplitAsync("rules:\n  state-split: { enabled: false }\n");
        var raised = await StateSplitAsync("rules:\n  state-split: { severity: high }\n");

        disabled.ExitCode.ShouldBe(0, disabled.Error);
        JsonDocument.Parse(disabled.Out).RootElement.GetProperty("findings").GetArrayLength().ShouldBe(0);
        raised.ExitCode.ShouldBe(2, raised.Error);
        JsonDocument.Parse(raised.Out).RootElement.GetProperty("findings").EnumerateArray()
            .ShouldAllBe(f => f.GetProperty("severity").GetString() == "high");
    }

    public void Dispose() => _ws.Dispose();

    private static string Exception(string expires) =>
        $"exceptions:\n  - rule: fan-out\n    address: terraform_data.hub\n    reason: shared hub, ticket OPS-7\n    owner: platform-team\n    expires: {expires}\n";

    private static List<JsonElement> FindingsOf(JsonElement report, string rule) =>
        report.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == rule).ToList();

    private Task<CliRun> GraphAsync(string policy, params string[] extra)
    {
        _ws.Write("policy.yaml", policy);
        return CliRun.RunAsync(_ws.Directory, ["graph", _ws.Directory, "--format", "json", "--policy", _ws.PathOf("policy.yaml"), .. extra]);
    }

    private Task<CliRun> StateSplitAsync(string policy)
    {
        _ws.Write("policy.yaml", policy);
        return CliRun.RunAsync(_ws.Directory, "state-split", _ws.Directory, "--owners", _ws.PathOf("owners.yaml"), "--format", "json", "--policy", _ws.PathOf("policy.yaml"));
    }

    private void WriteTwoTeams() =>
        _ws.Write("main.tf", "module \"net\" {\n  source = \"./modules/net\"\n}\n\nmodule \"app\" {\n  source = \"./modules/app\"\n  vpc    = module.net.id\n}\n")
            .Write("modules/net/main.tf", "resource \"terraform_data\" \"vpc\" {\n  input = \"v\"\n}\n\noutput \"id\" {\n  value = terraform_data.vpc.id\n}\n")
            .Write("modules/app/main.tf", "variable \"vpc\" {}\n\nresource \"terraform_data\" \"svc\" {\n  input = var.vpc\n}\n")
            .Write("owners.yaml", "module.net: network\nmodule.app: app\n");
}
