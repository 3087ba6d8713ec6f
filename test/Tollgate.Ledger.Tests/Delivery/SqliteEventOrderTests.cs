using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The out-of-order events against SQLite, one new ledger file per test.</summary>
public sealed class SqliteEventOrderTests : EventOrderBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-order-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    [Fact]
    public async Task ResolutionCheck_QueryPlan_ReadsOnlyTheRowsTheBatchTouchedByIndex()
    {
        var path = await ConnectionAsync();
        await using (await LedgerLocation.OpenAsync(path, Path.GetTempPath(), TimeProvider.System))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteResolutionCheck.Sql;
        var steps = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                steps.Add(r.GetString(3));
            }
        }

        // the check of every batch used to scan all resolved incidents (an OR across two tables no index serves)
        steps.ShouldNotContain(s => Regex.IsMatch(s, "^SCAN (incidents|deploys|i|d)( |$)"), string.Join("\n", steps));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
