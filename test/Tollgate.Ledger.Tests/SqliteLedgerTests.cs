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
}
