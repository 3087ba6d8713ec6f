namespace Tollgate.Models.Tests.Registry;

/// <summary>The registration race on one SQLite file, each run on its own connection.</summary>
public sealed class SqliteRegisterRaceTests : RegisterRaceBehaviourTests
{
    protected override Task<string> ConnectionAsync(string directory) => Task.FromResult(Path.Combine(directory, "ledger.db"));
}
