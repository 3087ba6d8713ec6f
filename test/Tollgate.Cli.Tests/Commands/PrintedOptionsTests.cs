using Tollgate.Cli.Commands;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>The <c>--ledger</c> a printed resume command carries never shows a password.</summary>
public sealed class PrintedOptionsTests
{
    [Theory]
    [InlineData("postgres://tg:s3cret@db:5432/ledger", "s3cret")]
    [InlineData("Host=db;Username=tg;Password=s3cret;Database=ledger", "s3cret")]
    public void ShownLedger_PostgresWithAPassword_ShowsItAsStars(string ledger, string password)
    {
        var shown = PrintedOptions.ShownLedger(ledger);

        shown.ShouldNotContain(password);
        shown.ShouldContain("***");
        shown.ShouldContain("db");
    }

    [Fact]
    public void ShownLedger_SqlitePath_AsGiven() => PrintedOptions.ShownLedger("ci/ledger.db").ShouldBe("ci/ledger.db");
}
