using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain;

namespace Tollgate.Ledger.Tests;

/// <summary>Which ledger a <c>--ledger</c> value selects: every Npgsql keyword form is PostgreSQL, other schemes are errors.</summary>
public sealed class LedgerLocationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-ledger-location-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Server=host;Database=x")]
    [InlineData("Host = h;Database=x")]
    [InlineData(" host=h")]
    [InlineData("Database=x;Server=h")]
    [InlineData("User Id=u;Server=h")]
    [InlineData("postgres://u@h/db")]
    [InlineData("POSTGRESQL://u@h/db")]
    public void IsPostgres_NpgsqlForms_True(string connection) => LedgerLocation.IsPostgres(connection).ShouldBeTrue();

    [Theory]
    [InlineData("ledger.db")]
    [InlineData(".tollgate/ledger.db")]
    [InlineData("/var/lib/tollgate/ledger.db")]
    [InlineData("sqlite:Server=host;Database=x")]
    [InlineData("sqlite://ledger.db")]
    [InlineData("C:ledger.db")]
    public void IsPostgres_Paths_False(string connection) => LedgerLocation.IsPostgres(connection).ShouldBeFalse();

    [Theory]
    [InlineData("mysql://u@h/db")]
    [InlineData("https://ledger.example/db")]
    public void IsPostgres_OtherScheme_InputError(string connection) =>
        Should.Throw<InvalidInputException>(() => LedgerLocation.IsPostgres(connection)).Message.ShouldContain("is not a ledger Tollgate knows");

    [Theory]
    [InlineData("Server=host;Database=x")]
    [InlineData("Host = h;Database=x")]
    public async Task OpenAsync_ServerKeywordString_NeverCreatesASqliteFile(string connection)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await Should.ThrowAsync<InvalidInputException>(() => LedgerLocation.OpenAsync(connection + ";Timeout=1", _directory, new FakeTimeProvider(), cancellation.Token));

        Directory.EnumerateFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenAsync_DataSourceKeyword_UnknownToNpgsqlIsAnInputError()
    {
        var error = await Should.ThrowAsync<InvalidInputException>(() => LedgerLocation.OpenAsync("Data Source=ledger.db", _directory, new FakeTimeProvider()));

        error.Message.ShouldContain("connection string is not valid");
        Directory.EnumerateFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(8, "read-only")]
    [InlineData(13, "disk is full")]
    [InlineData(26, "not a SQLite database")]
    [InlineData(11, "corrupt")]
    public void SqliteFault_EnvironmentConditions_NameTheFileAndTheProblem(int code, string expected)
    {
        var error = SqliteFault.Describe(new Microsoft.Data.Sqlite.SqliteException("SQLite Error", code), "/x/ledger.db", "record the verdict in");

        error.Message.ShouldStartWith("cannot record the verdict in the ledger at /x/ledger.db: ");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task OpenAsync_NotADatabase_SaysSo()
    {
        var path = Path.Combine(_directory, "ledger.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var error = await Should.ThrowAsync<InvalidInputException>(() => LedgerLocation.OpenAsync(path, _directory, new FakeTimeProvider()));

        error.Message.ShouldBe($"cannot open the ledger at {path}: the file is not a SQLite database");
    }
}
