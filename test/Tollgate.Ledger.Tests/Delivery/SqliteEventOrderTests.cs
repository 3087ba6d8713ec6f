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

    [Theory]
    [InlineData("sharing")]
    [InlineData("shipped-before")]
    public async Task FirstShipment_QueryPlan_LooksTheChangesDeploysUpByChange(string statement)
    {
        var path = await ConnectionAsync();
        await using (await LedgerLocation.OpenAsync(path, Path.GetTempPath(), TimeProvider.System))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + (statement == "sharing"
            ? "SELECT d.id " + FirstShipment.Sharing("SELECT change_id FROM deploy_changes WHERE deploy_id > 0")
            : $"SELECT {FirstShipment.ShippedBefore} FROM deploys d JOIN deploy_changes dc ON dc.deploy_id = d.id WHERE d.id = 1");
        var steps = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                steps.Add(r.GetString(3));
            }
        }

        // written as a join, the EXISTS walked every deploy of the service and environment per change (days 38 s for 25,000 events)
        var plan = string.Join("\n", steps);
        // What the plan must do, not its exact words (they change between SQLite versions: "SEARCH TABLE deploy_changes AS y",
        // "COVERING INDEX" or not, "EXISTS"): the change's deploys found by the index on change_id, each deploy by its id.
        steps.ShouldContain(s => Regex.IsMatch(s, @"^SEARCH (TABLE deploy_changes AS )?y\b.*\bINDEX deploy_changes_by_change\b"), plan);
        steps.ShouldContain(s => Regex.IsMatch(s, @"^SEARCH (TABLE deploys AS )?e\b.*\b(INTEGER PRIMARY KEY|rowid=)"), plan);
        steps.ShouldNotContain(s => Regex.IsMatch(s, @"^SCAN (TABLE )?(deploy_changes AS )?(deploys AS )?(y|e)\b"), plan);
        steps.ShouldNotContain(s => s.Contains("deploys_by_finish", StringComparison.Ordinal), plan);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
