using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>A replica's role may only read and insert once the schema exists: opening must not need CREATE.</summary>
public sealed class PostgresLedgerPrivilegeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task OpenAsync_RoleWithOnlySelectAndInsert_RecordsAndReadsBack()
    {
        var owner = await PostgresServer.Shared.CreateDatabaseAsync();
        await (await LedgerLocation.OpenAsync(owner, Path.GetTempPath(), _clock)).DisposeAsync();
        var role = "replica_" + Guid.NewGuid().ToString("N")[..12];
        var database = new NpgsqlConnectionStringBuilder(owner).Database;
        await ExecuteAsync(owner,
            $"CREATE ROLE {role} LOGIN PASSWORD 'replica-pw'",
            $"GRANT CONNECT ON DATABASE {database} TO {role}",
            $"GRANT USAGE ON SCHEMA public TO {role}",
            $"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            $"GRANT SELECT, INSERT ON verdicts, approvals, schema_migrations TO {role}");
        var replica = new NpgsqlConnectionStringBuilder(owner) { Username = role, Password = "replica-pw" }.ConnectionString;

        var cannotCreate = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(replica, "CREATE TABLE probe (i integer)"));
        await using var ledger = await LedgerLocation.OpenAsync(replica, Path.GetTempPath(), _clock);
        await ledger.RecordAsync(new Report("canary", "checkout", "sha256:c", Verdict.Hold, [], []));
        await ledger.ApproveAsync(new Approval("sha256:c", "alice", "ok", _clock.GetUtcNow(), "checkout"));

        cannotCreate.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await ledger.RecentAsync("canary", 5)).Single().Subject.ShouldBe("checkout");
        (await ledger.ApprovalsForAsync("sha256:c")).Single().By.ShouldBe("alice");
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
