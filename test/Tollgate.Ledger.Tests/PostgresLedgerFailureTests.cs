using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>A PostgreSQL ledger that cannot be reached or refuses the login is a clear input error, never a leak.</summary>
public sealed class PostgresLedgerFailureTests
{
    private const string Password = "hunter2-do-not-print";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task OpenAsync_NothingListening_InputErrorNamingHostButNotPassword()
    {
        var port = ClosedPort();

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            LedgerLocation.OpenAsync($"postgres://tollgate:{Password}@127.0.0.1:{port}/ledger", Path.GetTempPath(), _clock));

        error.Message.ShouldContain($"127.0.0.1:{port}/ledger");
        error.Message.ShouldNotContain(Password);
        error.Message.ShouldNotContain('\n');
    }

    [Fact]
    public async Task OpenAsync_WrongPassword_InputErrorWithoutPassword_AndRecordsSurvive()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await using (var ledger = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), _clock))
        {
            await ledger.RecordAsync(new Report("terraform-plan", "kept", "sha256:k", Verdict.Pass, [], []));
        }

        var wrong = new NpgsqlConnectionStringBuilder(connection) { Password = Password }.ConnectionString;
        var error = await Should.ThrowAsync<InvalidInputException>(() => LedgerLocation.OpenAsync(wrong, Path.GetTempPath(), _clock));
        await using var again = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), _clock);

        error.Message.ShouldContain("password authentication failed");
        error.Message.ShouldNotContain(Password);
        (await again.RecentAsync(null, 10)).Select(e => e.Subject).ShouldBe(["kept"]);
    }

    [Fact]
    public async Task RecordAsync_DatabaseGoneAfterOpen_InputErrorNamingTheLedgerWithoutPassword()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(connection);
        await using var ledger = await LedgerLocation.OpenAsync(connection, Path.GetTempPath(), _clock);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {builder.Database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var error = await Should.ThrowAsync<InvalidInputException>(() => ledger.RecordAsync(new Report("canary", "c", "sha256:c", Verdict.Hold, [], [])));

        error.Message.ShouldStartWith($"cannot record a verdict in the PostgreSQL ledger at {builder.Host}:{builder.Port}/{builder.Database}");
        error.Message.ShouldNotContain(builder.Password!);
        error.Message.ShouldNotContain('\n');
    }

    [Fact]
    public async Task OpenAsync_UrlWithPercentEncodedPassword_ConnectsToTheRealServer()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var url = PostgresServer.ToUrl(connection, "?sslmode=prefer&application_name=tollgate-test");

        await using var ledger = await LedgerLocation.OpenAsync(url, Path.GetTempPath(), _clock);
        var id = await ledger.ApproveAsync(new Approval("sha256:u", "alice", "ok", _clock.GetUtcNow(), "p"));

        url.ShouldContain("%");
        id.ShouldBeGreaterThan(0);
        ledger.ShouldBeOfType<PostgresLedger>().Server.ShouldNotContain(new NpgsqlConnectionStringBuilder(connection).Password!);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
