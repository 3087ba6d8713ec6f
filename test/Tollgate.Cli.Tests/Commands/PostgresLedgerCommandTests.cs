using System.Text.Json;
using Tollgate.Ledger;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary><c>--ledger postgres://…</c> end to end: the real command line, a real PostgreSQL, a committed plan.</summary>
public sealed class PostgresLedgerCommandTests : IDisposable
{
    private const string Password = "hunter2-do-not-print";
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-cli-pg-").FullName;
    private readonly string _plan;

    public PostgresLedgerCommandTests()
    {
        _plan = Path.Combine(_dir, "mixed.json");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), _plan);
    }

    [Fact]
    public async Task Plan_PostgresUrl_RecordsTheVerdictThereAndNotInSqlite()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var url = PostgresServer.ToUrl(connection, "?sslmode=prefer");

        var run = await CliRun.RunAsync(_dir, "plan", _plan, "--format", "json", "--ledger", url);
        await using var ledger = await LedgerLocation.OpenAsync(connection, _dir, TimeProvider.System);
        var entries = await ledger.RecentAsync("terraform-plan", 10);

        run.Error.ShouldBeEmpty();
        var report = JsonDocument.Parse(run.Out).RootElement;
        entries.Count.ShouldBe(1);
        entries[0].Digest.ShouldBe(report.GetProperty("digest").GetString());
        entries[0].Verdict.ShouldBe(report.GetProperty("verdict").GetString());
        entries[0].ExitCode.ShouldBe(run.ExitCode);
        entries[0].RecordedAt.ShouldBe(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        JsonDocument.Parse(entries[0].Findings).RootElement.GetArrayLength().ShouldBe(report.GetProperty("findings").GetArrayLength());
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse();
    }

    [Fact]
    public async Task Approve_ThenPlan_SamePostgresLedger_ShowsTheApprover()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();

        var before = await CliRun.RunAsync(_dir, "plan", _plan, "--format", "json", "--ledger", connection);
        var approve = await CliRun.RunAsync(_dir, "approve", _plan, "--by", "alice", "--reason", "intended, OPS-7", "--ledger", connection);
        var after = await CliRun.RunAsync(_dir, "plan", _plan, "--format", "json", "--ledger", connection);

        before.ExitCode.ShouldBe(2, before.Error);
        JsonDocument.Parse(before.Out).RootElement.GetProperty("approvals").GetArrayLength().ShouldBe(0);
        approve.ExitCode.ShouldBe(0, approve.Error);
        JsonDocument.Parse(after.Out).RootElement.GetProperty("approvals")[0].GetProperty("by").GetString().ShouldBe("alice");
    }

    [Theory]
    [InlineData("postgres://tollgate:" + Password + "@127.0.0.1:{port}/ledger", "127.0.0.1:{port}/ledger")]
    [InlineData("postgres://tollgate:" + Password + "@127.0.0.1:{port}/ledger?sslmode=maybe", "sslmode")]
    [InlineData("postgres://tollgate:" + Password + "@127.0.0.1:70000/ledger", "bad port")]
    [InlineData("Host=127.0.0.1;Port={port};Password=" + Password + ";Databse=ledger", "'databse'")]
    public async Task Plan_LedgerUnreachableOrMalformed_Exit3OneLineWithoutPassword(string ledger, string expected)
    {
        var port = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRun.RunAsync(_dir, "plan", _plan, "--ledger", ledger.Replace("{port}", port));

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldStartWith("tollgate: error: ");
        run.Error.ShouldContain(expected.Replace("{port}", port), Case.Insensitive);
        run.Error.TrimEnd().ShouldNotContain('\n');
        run.Error.ShouldNotContain(Password);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
