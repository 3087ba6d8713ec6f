using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Cli;

namespace Tollgate.Policies.Tests.Cli;

/// <summary>
/// Which policy file a command reads, and what <c>policy check</c> says of it: both default names present is refused,
/// an empty file is said to be the defaults, <c>-</c> is standard input; and an approval of a plan without the scan its
/// gate was given says which digest the gate asked for.
/// </summary>
public sealed class PolicyFileCliTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tollgate-policy-file-cli-").FullName;

    [Fact]
    public async Task PolicyCheck_BothDefaultNames_Exits3NamingBoth()
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "tollgate.yaml"), "");
        await File.WriteAllTextAsync(Path.Combine(_work, "tollgate.yml"), "failOn: low\n");

        var check = await RunAsync(["policy", "check"]);
        var plan = await RunAsync(["plan", fixture.PlanJsonPath]);

        check.Code.ShouldBe(3);
        check.Error.ShouldBe($"tollgate: error: both tollgate.yaml and tollgate.yml are in {_work}: keep one, or name it with --policy\n");
        plan.Code.ShouldBe(3);
        plan.Error.ShouldStartWith("tollgate: error: both tollgate.yaml and tollgate.yml are in");
    }

    [Fact]
    public async Task PolicyCheck_EmptyFile_SaysTheDefaultsApply()
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "tollgate.yaml"), "# nothing yet\n");

        var (code, output, _) = await RunAsync(["policy", "check"]);

        code.ShouldBe(0);
        output.ShouldStartWith("tollgate.yaml: valid (empty: the defaults apply)\n  failOn high; reviewOn destroy, replace, forget; requireApprovals 1\n");
    }

    [Fact]
    public async Task PolicyCheck_NoReviewOn_SaysNone()
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "quiet.yaml"), "reviewOn: []\n");

        var (code, output, _) = await RunAsync(["policy", "check", "quiet.yaml"]);

        code.ShouldBe(0);
        output.ShouldBe("quiet.yaml: valid\n  failOn high; reviewOn (none); requireApprovals 1\n");
    }

    [Fact]
    public async Task PolicyCheck_TabIndentingAScalarsNextLine_Exits3OneLineAtTheTab()
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "tabs.yaml"), "failOn: high\nreviewOn:\n  - destroy\n\t- replace\n");

        var (code, output, error) = await RunAsync(["policy", "check", "tabs.yaml"]);

        code.ShouldBe(3);
        output.ShouldBeEmpty();
        error.ShouldBe("tollgate: error: tabs.yaml:4:1: not valid YAML: a tab indents this line (YAML indents with spaces)\n");
    }

    [Fact]
    public async Task PolicyCheck_Dash_ReadsStandardInput()
    {
        var good = await RunAsync(["policy", "check", "-"], "failOn: medium\n");
        var bad = await RunAsync(["policy", "check", "-"], "failOn: urgent\n");

        good.Code.ShouldBe(0);
        good.Output.ShouldStartWith("-: valid\n  failOn medium;");
        bad.Code.ShouldBe(3);
        bad.Error.ShouldBe("tollgate: error: -:1:9: failOn must be one of critical, high, medium, low; got 'urgent'\n");
    }

    [Fact]
    public async Task Approve_WithoutTheScanTheGateWasGiven_NotesTheDigestTheGateAskedFor()
    {
        var policy = Path.Combine(_work, "screv.yaml");
        await File.WriteAllTextAsync(policy, "failOn: critical\nreviewOn: [destroy, replace, forget, \"scanner/*\"]\n");
        var scan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", "tfsec.json");

        var gate = await RunAsync(["plan", fixture.PlanJsonPath, "--scan", scan, "--policy", policy, "--format", "json"]);
        var asked = JsonDocument.Parse(gate.Output).RootElement.GetProperty("digest").GetString()!;
        var without = await RunAsync(["approve", fixture.PlanJsonPath, "--by", "alice", "--reason", "ok", "--policy", policy]);
        var with = await RunAsync(["approve", fixture.PlanJsonPath, "--scan", scan, "--by", "bob", "--reason", "ok", "--policy", policy]);

        gate.Code.ShouldBe(2);
        without.Code.ShouldBe(0);
        without.Output.ShouldNotContain(asked);
        without.Error.ShouldContain($"tollgate: note: approved sha256:");
        without.Error.ShouldContain($"the last gate of {fixture.PlanJsonPath} (verdict 1, review) judged {asked}, which this approval does not count for; give approve the --scan, --rego and --policy that gate was given, or approve --digest {asked}\n");
        with.Code.ShouldBe(0);
        with.Output.ShouldContain($"approved {asked} by bob");
        with.Error.ShouldNotContain("but the last gate of");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args, string input = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(output, error, new FakeTimeProvider(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero)), _work)
        {
            OpenInput = () => new MemoryStream(Encoding.UTF8.GetBytes(input)),
        };
        var withLedger = args[0] is "plan" or "approve" ? [.. args, "--ledger", Path.Combine(_work, "ledger.db")] : args;
        var code = await TollgateCli.RunAsync(withLedger, host);
        return (code, output.ToString(), error.ToString());
    }
}
