using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Tests;

public sealed class SqliteLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-ledger-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RecordAsync_Verdict_IsReadBackWithFindingsAndTime()
    {
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, _clock);
        var report = new Report("terraform-plan", "plan.json", "sha256:abc", Verdict.Review, [new("delete", 1)],
            [new Finding("destroy", Severity.High, "terraform_data.a", "terraform_data.a is destroyed")]);

        var id = await ledger.RecordAsync(report);
        var entries = await ledger.RecentAsync("terraform-plan", 10);

        id.ShouldBeGreaterThan(0);
        entries.Count.ShouldBe(1);
        entries[0].Verdict.ShouldBe("review");
        entries[0].ExitCode.ShouldBe(2);
        entries[0].RecordedAt.ShouldBe(_clock.GetUtcNow());
        entries[0].Findings.ShouldContain("\"rule\":\"destroy\"");
        entries[0].Summary.ShouldBe("{\"delete\":1}");
        File.Exists(Path.Combine(_dir, ".tollgate", "ledger.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task ApprovalsForAsync_OnlyMatchingDigest_IsReturned()
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "l.db"), _dir, _clock);
        await ledger.ApproveAsync(new Approval("sha256:one", "alice", "intended", _clock.GetUtcNow(), "p"));
        await ledger.ApproveAsync(new Approval("sha256:two", "bob", "other", _clock.GetUtcNow(), "p"));

        var approvals = await ledger.ApprovalsForAsync("sha256:one");

        approvals.Select(a => a.By).ShouldBe(["alice"]);
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsRecordsAndAppliesMigrationsOnce()
    {
        var path = Path.Combine(_dir, "again.db");
        await using (var first = await LedgerLocation.OpenAsync(path, _dir, _clock))
        {
            await first.ApproveAsync(new Approval("sha256:x", "alice", "ok", _clock.GetUtcNow(), "p"));
        }

        await using var second = await LedgerLocation.OpenAsync(path, _dir, _clock);
        (await second.ApprovalsForAsync("sha256:x")).Count.ShouldBe(1);
        await using var raw = new SqliteConnection($"Data Source={path}");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(Migrations.Migration.For("Sqlite").Count);
    }

    [Fact]
    public async Task OpenAsync_PostgresUrl_IsAClearInputError()
    {
        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => LedgerLocation.OpenAsync("postgres://u@localhost/db", _dir, _clock));
        error.Message.ShouldContain("PostgreSQL");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
