namespace Tollgate.Cli.Tests.Commands;

/// <summary>The default ledger: a SQLite file under the working directory, as a user's first run makes it.</summary>
public sealed class SqliteModelDvcFileLineageTests : ModelDvcFileLineageTests
{
    protected override Task<string[]> LedgerAsync() => Task.FromResult<string[]>([]);
}
