using Npgsql;
using Tollgate.Domain;

namespace Tollgate.Ledger.Tests;

public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgres://u@db/ledger", 0)]
    [InlineData("postgres://u@db/ledger?command_timeout=45", 45)]
    [InlineData("Host=db;Database=ledger", 0)]
    [InlineData("Host=db;Database=ledger;Command Timeout=45", 45)]
    [InlineData("Host=db;Database=ledger;CommandTimeout=45", 45)]
    [InlineData("postgres://u@db/ledger?application_name=command_timeout%3D45", 0)] // the text in another value sets nothing
    [InlineData("Host=db;Database=ledger;Application Name='command timeout=45'", 0)]
    public void Parse_CommandTimeout_NoLimitUnlessGiven(string connection, int seconds)
    {
        // Npgsql's default 30 s cancelled a load's per-day recount on a busy server, with nothing recorded
        PostgresConnectionString.Parse(connection).Builder.CommandTimeout.ShouldBe(seconds);
    }

    [Theory]
    [InlineData("postgres://u@db/ledger", 30)]
    [InlineData("Host=db;Database=ledger", 30)]
    [InlineData("postgres://u@db/ledger?command_timeout=0", 0)] // no limit, asked for: kept under serve's own
    [InlineData("Host=db;Database=ledger;Command Timeout=0", 0)]
    [InlineData("postgres://u@db/ledger?command_timeout=45", 45)]
    [InlineData("Host=db;Database=ledger;CommandTimeout=45", 45)]
    public void BoundUnlessSet_OnlyAConnectionThatNamesNoLimitGetsServesOwn(string connection, int seconds)
    {
        var parsed = PostgresConnectionString.Parse(connection);
        parsed.BoundUnlessSet(new StatementLimit(30, "tollgate serve's own limit", "set command_timeout=N"));

        parsed.Builder.CommandTimeout.ShouldBe(seconds);
        (parsed.Limit?.Seconds ?? 0).ShouldBe(seconds);
    }

    [Fact]
    public void Parse_Url_PercentDecodesUserPasswordAndDatabase()
    {
        var parsed = PostgresConnectionString.Parse("postgres://ops%40corp:p%3Aw%2F%40rd%25@db.internal:6432/ledger%2Dprod?sslmode=verify-full&application_name=gate");

        parsed.Builder.Username.ShouldBe("ops@corp");
        parsed.Builder.Password.ShouldBe("p:w/@rd%");
        parsed.Builder.Host.ShouldBe("db.internal");
        parsed.Builder.Port.ShouldBe(6432);
        parsed.Builder.Database.ShouldBe("ledger-prod");
        parsed.Builder.SslMode.ShouldBe(SslMode.VerifyFull);
        parsed.Builder.ApplicationName.ShouldBe("gate");
    }

    [Theory]
    [InlineData("postgresql://u@[::1]:5433/db", "::1", 5433)]
    [InlineData("postgres://u:pw@localhost/db", "localhost", 5432)]
    [InlineData("postgres:///db?host=/var/run/postgresql", "/var/run/postgresql", 5432)]
    public void Parse_UrlHostForms_HostAndPort(string url, string host, int port)
    {
        var parsed = PostgresConnectionString.Parse(url);

        parsed.Builder.Host.ShouldBe(host);
        parsed.Builder.Port.ShouldBe(port);
        parsed.Builder.Database.ShouldBe("db");
    }

    [Fact]
    public void Parse_UrlWithSeveralHosts_KeepsThemForFailover()
    {
        var parsed = PostgresConnectionString.Parse("postgres://u:pw@a:5432,b:5433/db?target_session_attrs=primary");

        parsed.Builder.Host.ShouldBe("a:5432,b:5433");
        parsed.Builder.TargetSessionAttributes.ShouldBe("primary");
    }

    [Fact]
    public void Parse_KeywordString_IsTakenAsIs()
    {
        var parsed = PostgresConnectionString.Parse("Host=pg;Port=5544;Username=u;Password=secret;Database=ledger;SSL Mode=Require");

        parsed.Builder.Host.ShouldBe("pg");
        parsed.Builder.SslMode.ShouldBe(SslMode.Require);
        parsed.Describe().ShouldBe("pg:5544/ledger");
    }

    [Theory]
    [InlineData("postgres://u:hunter2secret@host:99999/db", "bad port")]
    [InlineData("postgres://u:hunter2secret@host:5432/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://u:hunter2secret@host:5432/db?ssl_mode=require", "unknown parameter 'ssl_mode'")]
    [InlineData("postgres://u:hunter2secret@/db", "no host")]
    [InlineData("Host=h;Password=hunter2secret;Prot=5432", "'prot'")]
    public void Parse_BadConnection_OneLineInputErrorWithoutPassword(string connection, string expected)
    {
        var error = Should.Throw<InvalidInputException>(() => PostgresConnectionString.Parse(connection));

        error.Message.ShouldContain(expected, Case.Insensitive);
        error.Message.ShouldNotContain("hunter2secret");
        error.Message.ShouldNotContain('\n');
    }

    [Fact]
    public void Describe_NeverIncludesThePassword()
    {
        var parsed = PostgresConnectionString.Parse("postgres://u:hunter2secret@db:5432/ledger");

        parsed.Describe().ShouldBe("db:5432/ledger");
        parsed.Scrub("echo hunter2secret").ShouldBe("echo ***");
    }
}
