using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate approve PLAN</c> notes when the plan's last gate judged another digest than the one approved, and finds
/// that gate by the plan's own digest recorded with it (migration 0017): a gate under another policy, or whose digest
/// binds graph findings with their related addresses (which the ledger does not keep), is found; another plan's gate
/// of the same file name never is. With real terraform plans, on SQLite and a real PostgreSQL.
/// </summary>
public sealed class ApproveLastGateTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("approve-last-gate");

    /// <summary>A hub whose input changes, and two dependents that name it in depends_on (they stay unchanged).</summary>
    private static string Hub(int input) =>
        $"resource \"terraform_data\" \"hub\" {{ input = {input} }}\n"
        + string.Join('\n', new[] { "d1", "d2" }.Select(d => $"resource \"terraform_data\" \"{d}\" {{\n  input = \"x\"\n  depends_on = [terraform_data.hub]\n}}"));

    private const string Limit = "rules:\n  blast-radius: { maxDependents: 1 }\n";

    private async Task<string[]> LedgerAsync(string engine) =>
        ["--ledger", engine == "postgres" ? await PostgresServer.Shared.CreateDatabaseAsync() : _ws.PathOf("ledger.db")];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Approve_LastGateUnderAnotherPolicyWithGraphFindings_NamesThatGatesDigest(string engine)
    {
        var ledger = await LedgerAsync(engine);
        _ws.Write("limit.yaml", Limit);
        _ws.Write("main.tf", Hub(1)).Apply();
        _ws.Write("main.tf", Hub(2));
        var plan = _ws.PlanJson();

        var gate = await CliRun.RunAsync(_ws.Directory, ["plan", plan, "--policy", "limit.yaml", "--format", "json", .. ledger]);
        var approve = await CliRun.RunAsync(_ws.Directory, ["approve", plan, "--by", "alice", "--reason", "hub rolls out behind a flag", .. ledger]);

        gate.ExitCode.ShouldBe(2, gate.Error);
        var report = JsonDocument.Parse(gate.Out).RootElement;
        var asked = report.GetProperty("digest").GetString()!;
        report.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("rule").GetString() == "blast-radius" && f.GetProperty("severity").GetString() == "high")
            .GetProperty("related").GetArrayLength().ShouldBe(2);
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldNotContain(asked);
        approve.Error.ShouldContain($"but the last gate of {plan} (verdict 1, review) judged {asked}, which this approval does not count for; "
            + $"give approve the --scan, --rego and --policy that gate was given, or approve --digest {asked}\n");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Approve_LastGateWithRelatedGraphFindingsUnderThePolicy_NamedWhenTheScanIsLeftOut(string engine)
    {
        // The gate's digest binds the blast-radius finding with its related addresses and the scan finding: the search
        // that rebuilt the digest from the recorded findings (no related addresses) never found it.
        var ledger = await LedgerAsync(engine);
        _ws.Write("both.yaml", Limit + "reviewOn: [destroy, replace, forget, \"scanner/*\"]\n");
        _ws.Write("tfsec.json", """{"results": [{"long_id": "custom-input-pinned", "description": "input is not pinned", "severity": "MEDIUM", "resource": "terraform_data.hub"}]}""");
        _ws.Write("main.tf", Hub(1)).Apply();
        _ws.Write("main.tf", Hub(2));
        var plan = _ws.PlanJson();

        var gate = await CliRun.RunAsync(_ws.Directory, ["plan", plan, "--scan", "tfsec.json", "--policy", "both.yaml", "--format", "json", .. ledger]);
        var without = await CliRun.RunAsync(_ws.Directory, ["approve", plan, "--by", "alice", "--reason", "ok", "--policy", "both.yaml", .. ledger]);
        var with = await CliRun.RunAsync(_ws.Directory, ["approve", plan, "--scan", "tfsec.json", "--by", "bob", "--reason", "ok", "--policy", "both.yaml", .. ledger]);

        gate.ExitCode.ShouldBe(2, gate.Error);
        var asked = JsonDocument.Parse(gate.Out).RootElement.GetProperty("digest").GetString()!;
        without.ExitCode.ShouldBe(0, without.Error);
        without.Error.ShouldContain($"(verdict 1, review) judged {asked}, which this approval does not count for");
        with.ExitCode.ShouldBe(0, with.Error);
        with.Out.ShouldContain($"approved {asked} by bob");
        with.Error.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Approve_AnotherPlansGateOfTheSameName_NeverNamed(string engine)
    {
        var ledger = await LedgerAsync(engine);
        _ws.Write("limit.yaml", Limit);
        _ws.Write("main.tf", Hub(1)).Apply();
        _ws.Write("main.tf", Hub(2));
        var hub = _ws.PlanJson();
        var other = await CliRun.RunAsync(_ws.Directory, ["plan", hub, "--policy", "limit.yaml", .. ledger]);
        _ws.Write("main.tf", Hub(3)); // another plan, written to the same plan.json
        var plan = _ws.PlanJson();

        var approve = await CliRun.RunAsync(_ws.Directory, ["approve", plan, "--by", "alice", "--reason", "ok", .. ledger]);

        other.ExitCode.ShouldBe(2, other.Error);
        plan.ShouldBe(hub);
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Error.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Approve_GateRecordedBeforeTheLedgerKeptPlanDigests_NotMatched(string engine)
    {
        var ledger = await LedgerAsync(engine);
        _ws.Write("limit.yaml", Limit);
        _ws.Write("main.tf", Hub(1)).Apply();
        _ws.Write("main.tf", Hub(2));
        var plan = _ws.PlanJson();
        (await CliRun.RunAsync(_ws.Directory, ["plan", plan, "--policy", "limit.yaml", .. ledger])).ExitCode.ShouldBe(2);
        await ExecuteAsync(ledger[1], "UPDATE verdicts SET input_digest = NULL"); // as recorded before 0017

        var approve = await CliRun.RunAsync(_ws.Directory, ["approve", plan, "--by", "alice", "--reason", "ok", .. ledger]);

        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Error.ShouldBeEmpty();
    }

    private static async Task ExecuteAsync(string ledger, string sql)
    {
        if (!ledger.EndsWith(".db", StringComparison.Ordinal))
        {
            await using var raw = new NpgsqlConnection(ledger);
            await raw.OpenAsync();
            await new NpgsqlCommand(sql, raw).ExecuteNonQueryAsync();
            return;
        }

        await using var sqlite = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _ws.Dispose();
}
