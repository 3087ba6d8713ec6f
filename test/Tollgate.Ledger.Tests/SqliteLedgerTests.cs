using Microsoft.Data.Sqlite;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Tests;

public sealed class SqliteLedgerTests : LedgerBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-ledger-").FullName;

    protected override string Dialect => "Sqlite";

    private string DbPath => Path.Combine(_dir, "ledger.db");

    protected override Task<string> ConnectionAsync() => Task.FromResult(DbPath);

    protected override async Task<long> MigrationRowsAsync()
    {
        await using var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task OpenAsync_NoLedgerOption_CreatesTheDefaultFileUnderTheWorkingDirectory()
    {
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, Clock);
        await ledger.RecordAsync(new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []));

        File.Exists(Path.Combine(_dir, ".tollgate", "ledger.db")).ShouldBeTrue();
        (await ledger.RecentAsync(null, 5)).Count.ShouldBe(1);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
