using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// A statement limit the user set (<c>command_timeout=</c>, <c>Command Timeout=</c>, or a <c>statement_timeout</c> on the
/// role or database) that a ledger statement runs past is one line saying so, not Npgsql's "Exception while reading from
/// stream". The statement is made slow for real: another session holds a lock on the table it reads.
/// </summary>
public sealed class PostgresStatementTimeoutTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RecentAsync_UrlCommandTimeoutRunOut_OneLineNamingTheLimitAndTheParameter()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var ledger = await LedgerLocation.OpenAsync(PostgresServer.ToUrl(connection, "?command_timeout=1"), Path.GetTempPath(), _clock);
        await ledger.RecordAsync(new Report("canary", "kept", "sha256:k", Verdict.Pass, [], []));
        await using var holder = await HoldVerdictsAsync(connection);

        var error = await Should.ThrowAsync<InvalidInputException>(() => ledger.RecentAsync(null, 10));

        error.Message.ShouldEndWith(": the statement ran past its 1 s limit (command_timeout=1 in the connection string); raise it or remove it");
        error.Message.ShouldStartWith("cannot read verdicts from the PostgreSQL ledger at ");
        error.Message.ShouldNotContain("stream");
        error.LedgerFault.ShouldBeTrue();
    }

    [Fact]
    public async Task RecordAsync_KeywordCommandTimeoutRunOut_NamesTheKeywordAndNothingWasRecorded()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var ledger = await LedgerLocation.OpenAsync(connection + ";Command Timeout=1", Path.GetTempPath(), _clock);
        await using (var holder = await HoldVerdictsAsync(connection))
        {
            var error = await Should.ThrowAsync<InvalidInputException>(() => ledger.RecordAsync(new Report("canary", "late", "sha256:l", Verdict.Hold, [], [])));

            error.Message.ShouldEndWith(": the statement ran past its 1 s limit (Command Timeout=1 in the connection string); raise it or remove it");
        }

        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecentAsync_DatabaseStatementTimeoutRunOut_OneLineNamingTheServersStatementTimeout()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await using (var made = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), _clock))
        {
            await made.RecordAsync(new Report("canary", "kept", "sha256:k", Verdict.Pass, [], []));
        }

        await using var holder = await HoldVerdictsAsync(connection);
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE {new NpgsqlConnectionStringBuilder(connection).Database} SET statement_timeout = '300ms'", holder.Connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        await using var ledger = await LedgerLocation.OpenAsync(connection + ";Pooling=false", Path.GetTempPath(), _clock);
        var error = await Should.ThrowAsync<InvalidInputException>(() => ledger.RecentAsync(null, 10));

        error.Message.ShouldEndWith(": the statement ran past the server's statement_timeout (57014; set on the role, the database, the server or the connection's options); raise it or remove it for the ledger's role (ALTER ROLE … SET statement_timeout)");
        error.Message.ShouldNotContain('\n');
    }

    [Theory]
    [InlineData("Failed to connect to 10.0.0.1:5432", "Failed to connect to 10.0.0.1:5432: timed out")]
    [InlineData("The connection pool has been exhausted", "The connection pool has been exhausted: timed out")]
    public void Cause_OtherTimeoutWithCommandTimeoutSet_KeepsNpgsqlsWords(string message, string expected) =>
        PostgresFault.Cause(new NpgsqlException(message, new TimeoutException()), "db:5432/ledger", new StatementLimit(5, "command_timeout=5 in the connection string", "raise it or remove it")).ShouldBe(expected);

    /// <summary>A session holding <c>verdicts</c> locked (outside the lock's transaction: the ALTER) until disposed.</summary>
    private static async Task<Holder> HoldVerdictsAsync(string connection)
    {
        var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await db.OpenAsync();
        var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        var tx = await db.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("LOCK TABLE verdicts IN ACCESS EXCLUSIVE MODE", db, tx);
        await command.ExecuteNonQueryAsync();
        return new Holder(db, admin, tx);
    }

    private sealed record Holder(NpgsqlConnection Locked, NpgsqlConnection Connection, NpgsqlTransaction Lock) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Lock.RollbackAsync();
            await Locked.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
