using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Tests.Delivery;

public sealed class SqliteDoraFactsTests : DoraFactsBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-dora-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    protected override async Task ForgetDaysAsync(ILedger ledger) =>
        await ((SqliteLedger)ledger).Connection.ExecuteAsync(
            "DELETE FROM dora_days; " + MigrationTail("Sqlite"));

    protected override async Task ExecuteAsync(ILedger ledger, string sql) => await ((SqliteLedger)ledger).Connection.ExecuteAsync(sql);

    internal static string MigrationTail(string dialect)
    {
        var sql = Migrations.Migration.For(dialect).Single(m => m.Version == 6).Sql;
        return sql[sql.LastIndexOf("INSERT", StringComparison.Ordinal)..];
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
