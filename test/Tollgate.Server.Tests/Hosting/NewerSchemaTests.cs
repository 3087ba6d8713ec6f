using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tollgate.Server.Hosting;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// A ledger a newer Tollgate migrates under a running server (another replica, a CI runner) is neither written nor
/// read from then on, as a restart would refuse it: 503 with the refusal, <c>/readyz</c> 503, nothing recorded.
/// </summary>
public sealed class NewerSchemaTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Requests_AfterANewerTollgateMigratedTheLedger_503NamingItAndNothingRecorded(string engine)
    {
        // Before: both servers answered 200 and recorded the plan in the newer schema's tables.
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = engine == "sqlite" ? Ledgers.TempSqlite() : await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        using var first = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));

        await MigrateAsync(engine, ledger, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (99, 'future', " + (engine == "sqlite" ? "'2027-01-01T00:00:00Z')" : "now())"));
        await Task.Delay(SchemaWatch.Recheck + TimeSpan.FromMilliseconds(200));
        using var plan = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));
        using var ready = await server.Http.GetAsync("/readyz");
        using var list = await server.Http.GetAsync("/api/v1/verdicts?limit=5");
        var recorded = await MigrateAsync(engine, ledger, "SELECT COUNT(*) FROM verdicts");

        first.StatusCode.ShouldNotBe(HttpStatusCode.ServiceUnavailable);
        plan.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        JsonDocument.Parse(await plan.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!.ShouldContain("was written by a newer Tollgate (schema 99;");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldContain("newer Tollgate");
        list.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        recorded.ShouldBe(1);
    }

    private static async Task<long> MigrateAsync(string engine, string ledger, string sql)
    {
        if (engine == "sqlite")
        {
            await using var sqlite = new SqliteConnection($"Data Source={ledger};Pooling=False");
            await sqlite.OpenAsync();
            await using var command = new SqliteCommand(sql, sqlite);
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var db = new NpgsqlConnection(ledger);
        await db.OpenAsync();
        await using var pg = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await pg.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
