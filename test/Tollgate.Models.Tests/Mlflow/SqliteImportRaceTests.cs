namespace Tollgate.Models.Tests.Mlflow;

/// <summary>Imports at once on one SQLite file, each on its own connection.</summary>
public sealed class SqliteImportRaceTests : ImportRaceBehaviourTests
{
    protected override Task<string> ConnectionAsync(string directory) => Task.FromResult(Path.Combine(directory, "ledger.db"));
}
