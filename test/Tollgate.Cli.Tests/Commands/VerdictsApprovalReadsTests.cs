using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate verdicts ID</c> shows what its gate read of approvals (migration 0014's <c>approvals_read</c> and
/// <c>approver_path</c>): one text line, <c>approvalsRead</c> and <c>approverPath</c> in JSON; a verdict recorded
/// before the ledger kept them has no line and <c>null</c> in both. On SQLite and a real PostgreSQL.
/// </summary>
public sealed class VerdictsApprovalReadsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-verdicts-read-").FullName;

    public VerdictsApprovalReadsTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, ".git"));
        Directory.CreateDirectory(Path.Combine(_directory, "envs", "prod"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), Path.Combine(_directory, "envs", "prod", "plan.json"));
        File.WriteAllText(Path.Combine(_directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_directory, "train.csv"), "x\n1\n2\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("sqlite", true)]
    [InlineData("postgres", false)]
    [InlineData("postgres", true)]
    public async Task Show_Id_WhatItsGateReadOfApprovals(string engine, bool olderRows)
    {
        var connection = engine == "postgres" ? await PostgresServer.Shared.CreateDatabaseAsync() : null;
        string[] ledger = ["--ledger", connection ?? Path.Combine(_directory, "ledger.db")]; // the plan is gated from envs/prod
        (await CliRun.RunAsync(Path.Combine(_directory, "envs", "prod"), ["plan", "plan.json", .. ledger])).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync(_directory, ["model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", .. ledger])).ExitCode.ShouldBe(0);
        if (olderRows)
        {
            await ExecuteAsync(connection, "UPDATE verdicts SET approvals_read = NULL, approver_path = NULL"); // as recorded before 0014
        }

        var plan = await CliRun.RunAsync(_directory, ["verdicts", "1", .. ledger]);
        var planJson = JsonDocument.Parse((await CliRun.RunAsync(_directory, ["verdicts", "1", "--format", "json", .. ledger])).Out).RootElement;
        var model = await CliRun.RunAsync(_directory, ["verdicts", "2", .. ledger]);
        var modelJson = JsonDocument.Parse((await CliRun.RunAsync(_directory, ["verdicts", "2", "--format", "json", .. ledger])).Out).RootElement;

        plan.ExitCode.ShouldBe(0, plan.Error);
        if (olderRows)
        {
            plan.Out.ShouldNotContain("approvals read");
            model.Out.ShouldNotContain("approvals not read");
            planJson.GetProperty("approvalsRead").ValueKind.ShouldBe(JsonValueKind.Null);
            planJson.GetProperty("approverPath").ValueKind.ShouldBe(JsonValueKind.Null);
            return;
        }

        // The plan was gated from envs/prod: the path its approvers matched is the one from the repository's root.
        plan.Out.ShouldContain("\n  approvals read (a finding asked for a review); approvers matched on path envs/prod/plan.json\n");
        model.Out.ShouldContain("\n  approvals not read (no finding asked for a review); approvers matched on path fraud@1\n");
        planJson.GetProperty("approvalsRead").GetBoolean().ShouldBeTrue();
        planJson.GetProperty("approverPath").GetString().ShouldBe("envs/prod/plan.json");
        modelJson.GetProperty("approvalsRead").GetBoolean().ShouldBeFalse();
    }

    private async Task ExecuteAsync(string? postgres, string sql)
    {
        if (postgres is not null)
        {
            await using var raw = new NpgsqlConnection(postgres);
            await raw.OpenAsync();
            await new NpgsqlCommand(sql, raw).ExecuteNonQueryAsync();
            return;
        }

        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(_directory, "ledger.db")};Pooling=False");
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
