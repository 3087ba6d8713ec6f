using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Migrations;

namespace Tollgate.Ledger;

/// <summary>The embedded ledger: one SQLite file in WAL mode, migrated forward on open.</summary>
public sealed class SqliteLedger : ILedger
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;

    private SqliteLedger(SqliteConnection connection, TimeProvider clock)
    {
        _connection = connection;
        _clock = clock;
    }

    public string Path { get; private init; } = "";

    public static async Task<SqliteLedger> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString());
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
            await MigrateAsync(connection, clock);
            return new SqliteLedger(connection, clock) { Path = path };
        }
        catch (SqliteException e)
        {
            throw new InvalidInputException($"cannot open the ledger at {path}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"cannot open the ledger at {path}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"cannot open the ledger at {path}: {e.Message}", e);
        }
    }

    /// <summary>Applies every migration newer than the file's schema, each in its own transaction.</summary>
    private static async Task MigrateAsync(SqliteConnection connection, TimeProvider clock)
    {
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var current = await connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_migrations") ?? 0;
        foreach (var migration in Migration.For("Sqlite"))
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await using var tx = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(migration.Sql, transaction: tx);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                tx);
            await tx.CommitAsync();
        }
    }

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default)
    {
        var summary = string.Join(",", report.Summary.Select(kv => $"\"{kv.Key}\":{kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        return await _connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                """
                INSERT INTO verdicts (recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings)
                VALUES (@At, @Kind, @Subject, @Digest, @Verdict, @ExitCode, @Reason, @Summary, @Findings);
                SELECT last_insert_rowid();
                """,
                new
                {
                    At = Now(),
                    report.Kind,
                    report.Subject,
                    report.Digest,
                    Verdict = report.Verdict.WireName(),
                    report.ExitCode,
                    report.Reason,
                    Summary = "{" + summary + "}",
                    Findings = ReportJson.SerializeFindings(report.Findings),
                },
                cancellationToken: cancellationToken));
    }

    public async Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) =>
        await _connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                """
                INSERT INTO approvals (recorded_at, digest, approved_by, reason, subject)
                VALUES (@At, @Digest, @By, @Reason, @Subject);
                SELECT last_insert_rowid();
                """,
                new { At = approval.At.ToString("O", CultureInfo.InvariantCulture), approval.Digest, approval.By, approval.Reason, approval.Subject },
                cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default)
    {
        var rows = await _connection.QueryAsync<(string Digest, string By, string Reason, string At, string Subject)>(
            new CommandDefinition(
                "SELECT digest, approved_by, reason, recorded_at, subject FROM approvals WHERE digest = @digest ORDER BY id",
                new { digest },
                cancellationToken: cancellationToken));
        return rows.Select(r => new Approval(r.Digest, r.By, r.Reason, DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture), r.Subject)).ToList();
    }

    public async Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default)
    {
        var rows = await _connection.QueryAsync<(long Id, string At, string Kind, string Subject, string Digest, string Verdict, long ExitCode, string Reason, string Summary, string Findings)>(
            new CommandDefinition(
                """
                SELECT id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings
                FROM verdicts WHERE (@kind IS NULL OR kind = @kind) ORDER BY id DESC LIMIT @limit
                """,
                new { kind, limit },
                cancellationToken: cancellationToken));
        return rows.Select(r => new LedgerEntry(
            r.Id, DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture), r.Kind, r.Subject, r.Digest, r.Verdict, (int)r.ExitCode, r.Reason, r.Summary, r.Findings)).ToList();
    }

    private string Now() => _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
