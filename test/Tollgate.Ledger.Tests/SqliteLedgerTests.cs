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

    protected override async Task ExecuteAsync(string sql)
    {
        await using var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<string> SchemaAsync()
    {
        await using var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = """
            SELECT group_concat(line, char(10)) FROM (
                SELECT m.name || '.' || c.name || ' ' || c.type || ' ' || c."notnull" || ' ' || c.pk AS line
                FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name <> 'schema_migrations'
                UNION ALL
                SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'
                ORDER BY line)
            """;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static TheoryData<string, string> ForeignDatabases => new()
    {
        { "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", "users" },
        // A table of a ledger's name: Tollgate stopped on it half-way ("table verdicts already exists") after adding schema_migrations.
        { "CREATE TABLE verdicts (id, note)", "verdicts" },
        // Rails keeps a schema_migrations of its own.
        { "CREATE TABLE schema_migrations (version varchar NOT NULL PRIMARY KEY); CREATE TABLE ar_internal_metadata (key varchar PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101120000')", "ar_internal_metadata, schema_migrations" },
        { "CREATE TABLE a (x); CREATE TABLE b (x); CREATE TABLE c (x); CREATE TABLE d (x); CREATE TABLE e (x); CREATE TABLE f (x); CREATE TABLE g (x)", "a, b, c, d, e and 2 more" },
    };

    [Theory]
    [MemberData(nameof(ForeignDatabases))]
    public async Task OpenAsync_AnotherProgramsDatabase_RefusedAndTheFileLeftAsItWas(string schema, string named)
    {
        await ExecuteAsync(schema);
        var before = await File.ReadAllBytesAsync(DbPath);

        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(OpenAsync);
        var forReading = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => LedgerLocation.OpenForReadingAsync(DbPath, _dir, Clock));

        error.Message.ShouldBe($"cannot open the ledger at {DbPath}: it is not a Tollgate ledger (it has tables of its own: {named}); nothing was changed: give --ledger a new file or a ledger Tollgate made");
        forReading.Message.ShouldBe(error.Message);
        (await File.ReadAllBytesAsync(DbPath)).ShouldBe(before, "not even its journal mode changed");
        File.Exists(DbPath + "-wal").ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("CREATE TABLE scratch (x); DROP TABLE scratch")]
    public async Task OpenAsync_EmptyFileOrDatabaseWithoutTables_BecomesALedger(string schema)
    {
        await File.WriteAllBytesAsync(DbPath, []);
        if (schema.Length > 0)
        {
            await ExecuteAsync(schema);
        }

        await using (var ledger = await OpenAsync())
        {
            await ledger.RecordAsync(new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []));
        }

        (await MigrationRowsAsync()).ShouldBe(Migrations.Migration.For(Dialect).Count);
    }

    [Fact]
    public async Task OpenAsync_NoLedgerOption_CreatesTheDefaultFileUnderTheWorkingDirectory()
    {
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, Clock);
        await ledger.RecordAsync(new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []));

        File.Exists(Path.Combine(_dir, ".tollgate", "ledger.db")).ShouldBeTrue();
        (await ledger.RecentAsync(null, 5)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task RecordAsync_LargeFindings_StayJsonTextThatSqlReads()
    {
        var findings = Enumerable.Range(0, 3000)
            .Select(i => new Tollgate.Domain.Findings.Finding("destroy", Tollgate.Domain.Findings.Severity.High, $"terraform_data.r{i}", $"terraform_data.r{i} is destroyed (Zürich → 東京)"))
            .ToList();
        ReportJson.StoredFindings(findings).IsLarge.ShouldBeTrue();
        await using (var ledger = await OpenAsync())
        {
            await ledger.RecordAsync(new Report("terraform-plan", "plan.json", "sha256:large", Verdict.Review, [new("delete", findings.Count)], findings));
        }

        await using var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT typeof(findings), (SELECT COUNT(*) FROM json_each(findings)), json_extract(findings, '$[2999].address') FROM verdicts";
        await using var row = await command.ExecuteReaderAsync();
        (await row.ReadAsync()).ShouldBeTrue();
        (row.GetString(0), row.GetInt64(1), row.GetString(2)).ShouldBe(("text", 3000L, "terraform_data.r2999"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task VerdictLog_NewestQueryPlan_WalksTheSubjectIndexNotTheKindsVerdicts()
    {
        await using (await OpenAsync())
        {
        }

        await using var connection = new SqliteConnection($"Data Source={DbPath}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + Verdicts.SqliteVerdictLog.NewestSql;
        explain.Parameters.AddWithValue("$subject", "checkout@production v2");
        explain.Parameters.AddWithValue("$kind", "deploy");
        explain.Parameters.AddWithValue("$since", "2026-11-26T12:00:00.0000000+00:00");
        var steps = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                steps.Add(r.GetString(3));
            }
        }

        // without the +: verdicts_by_kind_time, every deploy verdict since then read and sorted to find one subject's
        steps.ShouldBe(["SEARCH verdicts USING INDEX verdicts_by_subject (subject=?)"]);
    }

    [Fact]
    public async Task VerdictLog_NewestOfInputQueryPlan_OneReadOfTheInputIndex()
    {
        await using (await OpenAsync())
        {
        }

        await using var connection = new SqliteConnection($"Data Source={DbPath}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + Verdicts.SqliteVerdictLog.NewestOfInputSql;
        explain.Parameters.AddWithValue("$input", "sha256:plan");
        explain.Parameters.AddWithValue("$kind", "terraform-plan");
        var steps = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                steps.Add(r.GetString(3));
            }
        }

        steps.ShouldBe(["SEARCH verdicts USING INDEX verdicts_by_input (input_digest=?)"]);
    }
}
