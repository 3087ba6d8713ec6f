using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Sockets;
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

    [Theory]
    [InlineData(";Timeout=1")]
    [InlineData(";Timeout=1;Command Timeout=30")]
    public async Task OpenAsync_ServerAcceptsButNeverAnswers_SaysTheConnectionCouldNotBeOpenedInTimeNotThatAStatementRanOut(string limits)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // the kernel accepts the connection; nothing ever reads or answers on it
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            LedgerLocation.OpenAsync($"Host=127.0.0.1;Port={port};Username=tollgate;Password={Password};Database=ledger" + limits, Path.GetTempPath(), _clock));

        error.Message.ShouldBe($"cannot open the PostgreSQL ledger at 127.0.0.1:{port}/ledger: the connection to PostgreSQL at 127.0.0.1:{port} could not be opened in time: no answer within its 1 s connect timeout (connect_timeout in a URL, Timeout among keywords)");
        error.LedgerFault.ShouldBeTrue();
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
    public async Task RecordAsync_ConnectionLostAfterOpen_SaysSoInOurWordsNeverTheRuntimesResourceKey()
    {
        // The binary said "…: Exception while writing to stream: net_io_writefailure, Broken pipe" (the tests, as it, see
        // the runtime's resource keys).
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var target = new NpgsqlConnectionStringBuilder(connection);
        using var relay = new PostgresRelay(target.Host!, target.Port);
        var through = new NpgsqlConnectionStringBuilder(connection) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString;
        await using var ledger = await LedgerLocation.OpenAsync(through, Path.GetTempPath(), _clock);
        await ledger.RecordAsync(new Report("canary", "before", "sha256:b", Verdict.Pass, [], []));

        relay.Cut();
        var error = await Should.ThrowAsync<InvalidInputException>(() => ledger.RecordAsync(new Report("canary", "after", "sha256:a", Verdict.Hold, [], [])));

        var lost = $"cannot record a verdict in the PostgreSQL ledger at 127.0.0.1:{relay.Port}/{target.Database}: the connection to PostgreSQL at 127.0.0.1:{relay.Port} was lost";
        error.Message.ShouldStartWith(lost);
        error.Message[lost.Length..].ShouldMatch("^(: [a-z ]+)?$", "the operating system's words, lowered (broken pipe, connection reset by peer), or none");
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new NpgsqlException("Exception while writing to stream", new IOException("net_io_writefailure, Broken pipe", new SocketException(32))), "the connection to PostgreSQL at db:5432 was lost: broken pipe" },
        { new NpgsqlException("Exception while reading from stream", new EndOfStreamException("IO_EOF_ReadBeyondEOF")), "the connection to PostgreSQL at db:5432 was lost: the server closed it" },
        { new NpgsqlException("Exception while reading from stream", new IOException("net_io_readfailure")), "the connection to PostgreSQL at db:5432 was lost" },
        { new NpgsqlException("Failed to connect to 10.0.0.1:5432", new SocketException(111)), "Failed to connect to 10.0.0.1:5432: Connection refused" },
        { new NpgsqlException("Failed to connect to 10.0.0.1:5432", new TimeoutException()), "Failed to connect to 10.0.0.1:5432: timed out" },
        { new NpgsqlException("Exception while writing to stream", new InvalidOperationException("InvalidOperation_SomeKey")), "Exception while writing to stream" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Cause_DriverFailure_InTheServersNpgsqlsOrOurWordsNeverAResourceKey(Exception failure, string expected) =>
        PostgresFault.Cause((NpgsqlException)failure, "db:5432/ledger").ShouldBe(expected);

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
