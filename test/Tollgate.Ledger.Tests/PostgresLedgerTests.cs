using Npgsql;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>The shared ledger behaviour against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresLedgerTests : LedgerBehaviourTests
{
    private const string Remedy = "give Tollgate a database of its own, or a schema of its own (CREATE SCHEMA tollgate, then search_path=tollgate in the URL)";

    private string? _connection;

    protected override string Dialect => "Postgres";

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    protected override async Task<long> MigrationRowsAsync() => await ScalarAsync("SELECT COUNT(*) FROM schema_migrations");

    protected override async Task ExecuteAsync(string sql)
    {
        await using var raw = new NpgsqlConnection(await ConnectionAsync());
        await raw.OpenAsync();
        await using var command = new NpgsqlCommand(sql, raw);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<string> SchemaAsync()
    {
        await using var raw = new NpgsqlConnection(await ConnectionAsync());
        await raw.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT string_agg(line, E'\n' ORDER BY line) FROM (
                SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
                FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
                UNION ALL
                SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> 'schema_migrations') lines
            """, raw);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task OpenAsync_DatabaseHoldingAnApplicationsTables_BecomesALedgerBesideThem()
    {
        // A PostgreSQL database is commonly shared: tables of other names are left alone.
        await ExecuteAsync("CREATE TABLE users (id integer PRIMARY KEY, name text); INSERT INTO users VALUES (1, 'ada')");

        await using (var ledger = await OpenAsync())
        {
            await ledger.RecordAsync(new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []));
        }

        (await ScalarAsync("SELECT COUNT(*) FROM users")).ShouldBe(1);
        (await MigrationRowsAsync()).ShouldBe(Migrations.Migration.For(Dialect).Count);
    }

    [Fact]
    public async Task OpenAsync_LedgerFromBeforeVerdictsKeptTheirText_OldRowsReadInJsonbOrderNewOnesAsWritten()
    {
        var report = new Report("terraform-plan", "plan.json", "sha256:old", Verdict.Review, [new("update", 1), new("noop", 40)],
            [new Finding("destroy", Severity.High, "terraform_data.a", "terraform_data.a is destroyed")]);
        await using (var ledger = await OpenAsync())
        {
            await ledger.RecordAsync(report);
        }

        await ExecuteAsync(LedgerRewind.Before(Dialect, "verdicts_as_recorded")); // as jsonb left it

        await using var upgraded = await OpenAsync();
        var newId = await upgraded.RecordAsync(report with { Digest = "sha256:new" });
        var old = (await LedgerViews.Verdicts(upgraded).ListAsync(new Verdicts.VerdictQuery(10))).Single(e => e.Digest == "sha256:old");
        var recorded = (await LedgerViews.Verdicts(upgraded).FindAsync(newId)).ShouldNotBeNull();

        old.Summary.ShouldBe("""{"noop": 40, "update": 1}"""); // jsonb's order and spacing, still read
        FindingsJson.Read(old.Findings).ShouldHaveSingleItem().Address.ShouldBe("terraform_data.a");
        recorded.Summary.ShouldBe("""{"update":1,"noop":40}""");
        (await ScalarAsync("SELECT COUNT(*) FROM verdicts WHERE pg_typeof(findings) = 'json'::regtype")).ShouldBe(2);
    }

    [Fact]
    public async Task OpenAsync_LedgerFromBeforeThePendingIndexWasDropped_KeepsOnlyTheFullIndexByChange()
    {
        await using (await OpenAsync())
        {
        }

        await ExecuteAsync(LedgerRewind.Before(Dialect, "drop_deploy_changes_pending")); // as 0006 and 0010 left it

        await using var upgraded = await OpenAsync();

        (await ScalarAsync("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'deploy_changes' AND indexname = 'deploy_changes_pending'")).ShouldBe(0);
        (await ScalarAsync("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'deploy_changes' AND indexname = 'deploy_changes_by_change'")).ShouldBe(1);
        (await MigrationRowsAsync()).ShouldBe(Migrations.Migration.For(Dialect).Count);
    }

    [Theory]
    [InlineData("CREATE TABLE verdicts (id integer, note text)", "it has tables of its own under the names Tollgate's would take: verdicts")]
    [InlineData("CREATE TABLE approvals (id integer); CREATE TABLE drills (id integer)", "it has tables of its own under the names Tollgate's would take: approvals, drills")]
    [InlineData("CREATE VIEW model_versions AS SELECT 1 AS id", "it has tables of its own under the names Tollgate's would take: model_versions")]
    [InlineData("CREATE TYPE verdicts AS ENUM ('pass')", "step 0001_verdicts_and_approvals of Tollgate's schema stopped: type \"verdicts\" already exists")]
    [InlineData("CREATE TABLE schema_migrations (version varchar PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101120000')", "its schema_migrations table is another program's")]
    public async Task OpenAsync_TablesTollgateCannotShare_RefusedWithNothingCreated(string schema, string why)
    {
        await ExecuteAsync(schema);
        var builder = new NpgsqlConnectionStringBuilder(await ConnectionAsync());

        var error = await Should.ThrowAsync<InvalidInputException>(OpenAsync);

        error.Message.ShouldBe($"cannot open the PostgreSQL ledger at {builder.Host}:{builder.Port}/{builder.Database}: it is not a Tollgate ledger ({why}); nothing was changed: {Remedy}");
        (await ScalarAsync("SELECT COUNT(*) FROM pg_class WHERE relname IN ('deploys', 'model_stages')")).ShouldBe(0);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var raw = new NpgsqlConnection(await ConnectionAsync());
        await raw.OpenAsync();
        await using var command = new NpgsqlCommand(sql, raw);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
