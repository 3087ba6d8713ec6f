using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Verdicts;
using Tollgate.Ledger.Migrations;

namespace Tollgate.Ledger;

/// <summary>The embedded ledger: one SQLite file in WAL mode, migrated forward on open.</summary>
public sealed partial class SqliteLedger : ILedger
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private VerdictInsert? _insert;
    private FigureInsert? _figures;

    private SqliteLedger(SqliteConnection connection, TimeProvider clock)
    {
        _connection = connection;
        _clock = clock;
    }

    public string Path { get; private init; } = "";

    /// <summary>The open connection, for the delivery tables (<see cref="Delivery.DeliveryStore"/>).</summary>
    internal SqliteConnection Connection => _connection;

    /// <summary>
    /// The refusal opening it would give when a newer Tollgate has migrated the ledger since it was opened (another
    /// replica, a CI runner), else null: one primary-key read of <c>schema_migrations</c>, for a process that keeps the
    /// ledger open.
    /// </summary>
    public async Task<InvalidInputException?> NewerSchemaAsync(CancellationToken cancellationToken = default) =>
        (await SqliteSchema.NewerAsync(_connection, Path, cancellationToken)).Newer;

    /// <summary>
    /// The refusal of a ledger whose path no longer names the file this connection has open (deleted, or replaced by
    /// another file), else null: what is written then goes into a file that is gone at the next open. One <c>stat</c>.
    /// </summary>
    public InvalidInputException? Moved(string doing) => SqliteFileMoved.Of(_connection)
        ? new InvalidInputException(
            $"cannot {doing} the ledger at {Path}: the file was deleted or replaced while this process had it open (what it wrote since is in no file the path names); restart the server to open the ledger at that path again") { LedgerFault = true }
        : null;

    public static async Task<SqliteLedger> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default) =>
        await OpenAsync(path, clock, readOnlyFallback: false, cancellationToken);

    /// <summary>
    /// Opens the ledger at <paramref name="path"/>, migrated forward; with <paramref name="readOnlyFallback"/> (a command
    /// that only reads), a ledger that cannot be written (a read-only mount, a file this user may only read) is opened
    /// read-only instead (<see cref="OpenReadOnlyAsync"/>).
    /// </summary>
    public static async Task<SqliteLedger> OpenAsync(string path, TimeProvider clock, bool readOnlyFallback, CancellationToken cancellationToken = default)
    {
        NotAFile(path);
        SqliteConnection? opened = null;
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            opened = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString());
            await opened.OpenAsync(cancellationToken);
            // Before anything is written: another program's database, or a newer Tollgate's ledger, is left as it is.
            await SqliteSchema.VersionAsync(opened, path, cancellationToken);
            // page_size takes effect only in a new, empty file (an existing ledger keeps its own): 16 KB pages make a bulk
            // load of a million deploys shallower B-trees and a quarter of the WAL frames to write at commit.
            await opened.ExecuteAsync("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
            await MigrateAsync(opened, clock);
            var ledger = new SqliteLedger(opened, clock) { Path = path };
            opened = null;
            return ledger;
        }
        catch (SqliteException e) when (readOnlyFallback && CannotWrite(e) && Readable(path))
        {
            await opened!.DisposeAsync();
            opened = null;
            return await OpenReadOnlyAsync(path, clock, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, path, "open", opened);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot open the ledger at {path}: {FileProblem.Describe(e, path)}", e) { LedgerFault = true };
        }
        finally
        {
            if (opened is not null)
            {
                await opened.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A ledger path that is there but is no file SQLite can keep a ledger in: a directory (<c>--ledger .tollgate</c>),
    /// a device or a FIFO. SQLite would say only that it cannot open it, or that the disk failed (<c>/dev/null</c>).
    /// </summary>
    private static void NotAFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidInputException(
                $"cannot open the ledger at {path}: it is a directory; --ledger names the SQLite file (such as {System.IO.Path.Combine(path, "ledger.db")})") { LedgerFault = true };
        }

        if (File.Exists(path))
        {
            try
            {
                InputFile.CheckKind(path, "it");
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException($"cannot open the ledger at {path}: {e.Message}", e) { LedgerFault = true };
            }
        }
    }

    /// <summary>
    /// Applies every migration newer than the file's schema, each in its own <c>BEGIN IMMEDIATE</c> transaction that
    /// re-reads the version under the write lock, so processes opening the same file at once apply each step once.
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, TimeProvider clock)
    {
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var current = await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        foreach (var migration in Migration.For("Sqlite"))
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            if (await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", tx) >= migration.Version)
            {
                continue; // another process applied it while this one waited for the lock
            }

            await connection.ExecuteAsync(migration.Sql, tx);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)",
                tx,
                ("$version", migration.Version),
                ("$name", migration.Name),
                ("$at", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            await tx.CommitAsync();
        }
    }

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InsertVerdictAsync(report, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, Path, "record the verdict in", _connection);
        }
    }

    public async Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InsertApprovalAsync(approval, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, Path, "record the approval in", _connection);
        }
    }

    /// <summary>
    /// Records several verdicts in one transaction (one sync of the file for all): how a server records the verdicts
    /// of concurrent requests without paying a disk flush for each. All or none, one recording time for the batch;
    /// their ids in order.
    /// </summary>
    public Task<IReadOnlyList<long>> RecordAllAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
        RecordAllAsync([.. reports.Select(VerdictRow.Of)], cancellationToken);

    /// <inheritdoc cref="RecordAllAsync(IReadOnlyList{Report}, CancellationToken)"/>
    public async Task<IReadOnlyList<long>> RecordAllAsync(IReadOnlyList<VerdictRow> rows, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            var at = Now();
            var ids = new long[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                ids[i] = await InsertVerdictAsync(rows[i], at, tx, cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return ids;
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, Path, rows.Count == 1 ? "record the verdict in" : "record the verdicts in", _connection);
        }
    }

    /// <summary>One verdict; with figures or large findings, in one transaction (all of it or none).</summary>
    private async Task<long> InsertVerdictAsync(Report report, CancellationToken cancellationToken)
    {
        var row = VerdictRow.Of(report);
        if (report.Figures.Count == 0 && !VerdictInsert.WritesInPieces(row))
        {
            return await InsertVerdictAsync(row, Now(), null, cancellationToken);
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        var id = await InsertVerdictAsync(row, Now(), tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Records a verdict inside <paramref name="transaction"/>, so it commits or rolls back with the rows written beside
    /// it (the registry rows of an import, registration, promotion, shadow or rollback).
    /// </summary>
    internal Task<long> InsertVerdictAsync(Report report, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        InsertVerdictAsync(VerdictRow.Of(report), Now(), transaction, cancellationToken);

    /// <summary>
    /// One row through the insert prepared on first use (<see cref="VerdictInsert"/>), then its figures
    /// (<see cref="FigureInsert"/>), which only ever run inside a transaction.
    /// </summary>
    private async Task<long> InsertVerdictAsync(VerdictRow row, string at, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        _insert ??= new VerdictInsert(_connection);
        var id = await _insert.RunAsync(row, at, transaction, cancellationToken);
        if (row.Report.Figures.Count > 0)
        {
            _figures ??= new FigureInsert(_connection);
            await _figures.RunAsync(id, FigureRows.Of(row.Report), transaction!, cancellationToken);
        }

        return id;
    }

    /// <summary>Records the approval once per <see cref="ApprovalKey"/>; a repeat returns the first record's id.</summary>
    private async Task<long> InsertApprovalAsync(Approval approval, CancellationToken cancellationToken)
    {
        var key = ApprovalKey.Of(approval);
        await _connection.ExecuteAsync(
            """
            INSERT INTO approvals (recorded_at, digest, approved_by, reason, subject, approval_key)
            VALUES ($at, $digest, $by, $reason, $subject, $key)
            ON CONFLICT (approval_key) DO NOTHING
            """,
            null,
            ("$at", approval.At.ToString("O", CultureInfo.InvariantCulture)),
            ("$digest", approval.Digest),
            ("$by", approval.By),
            ("$reason", approval.Reason),
            ("$subject", approval.Subject),
            ("$key", key));
        return await _connection.ScalarAsync("SELECT id FROM approvals WHERE approval_key = $key", cancellationToken, ("$key", key));
    }

    public async Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) =>
        await _connection.QueryAsync(
            "SELECT digest, approved_by, reason, recorded_at, subject FROM approvals WHERE digest = $digest ORDER BY id",
            r => new Approval(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture), r.GetString(4)),
            cancellationToken,
            ("$digest", digest));

    public async Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) =>
        await _connection.QueryAsync(
            """
            SELECT id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings, approvals_read, approver_path
            FROM verdicts WHERE ($kind IS NULL OR kind = $kind) ORDER BY id DESC LIMIT $limit
            """,
            Entry,
            cancellationToken,
            ("$kind", kind),
            ("$limit", limit));

    public async Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default)
    {
        var rows = await _connection.QueryAsync(
            """
            SELECT id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings, approvals_read, approver_path
            FROM verdicts WHERE digest = $digest ORDER BY id DESC LIMIT 1
            """,
            Entry,
            cancellationToken,
            ("$digest", digest));
        return rows.Count > 0 ? rows[0] : null;
    }

    internal static LedgerEntry Entry(SqliteDataReader r) =>
        new(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetString(5), r.GetInt32(6), r.GetString(7), r.GetString(8), r.GetString(9))
        {
            ApprovalsRead = r.IsDBNull(10) ? null : r.GetInt64(10) != 0,
            ApprovalPath = r.IsDBNull(11) ? null : r.GetString(11),
        };

    private string Now() => _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _insert?.Dispose();
        _figures?.Dispose();
        await _connection.DisposeAsync();
    }
}
