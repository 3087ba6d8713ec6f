using Npgsql;
using Tollgate.Domain;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Migrations;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Ledger;

/// <summary>
/// The shared ledger: one PostgreSQL database that several processes and <c>tollgate serve</c> replicas write to.
/// Opening migrates forward in one transaction under a transaction-scoped advisory lock, so replicas that start
/// together apply each migration exactly once. Built on Npgsql's slim data source so a Native AOT binary carries
/// only the type handlers the ledger uses (text, integers, timestamptz; findings go in as text cast to json, kept as written).
/// </summary>
public sealed class PostgresLedger : ILedger
{
    /// <summary>The key of <c>pg_advisory_xact_lock</c> around migrations: the bytes of "tollgate".</summary>
    public const long MigrationLockKey = 0x746F6C6C67617465;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresConnectionString _connection;
    private readonly TimeProvider _clock;

    private PostgresLedger(NpgsqlDataSource dataSource, PostgresConnectionString connection, TimeProvider clock)
    {
        _dataSource = dataSource;
        _connection = connection;
        _clock = clock;
    }

    /// <summary>
    /// A pooled connection, opened. A failure to open it is marked as such (<see cref="PostgresFault.Opening"/>), so that
    /// a server that accepts but never answers is said to be one the connection could not be opened to in time, not a
    /// statement that ran past its limit: Npgsql fails both reads alike.
    /// </summary>
    internal async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            PostgresFault.Opening(e, _connection.Builder.Timeout);
            throw;
        }
    }

    /// <summary><c>host:port/database</c>, without credentials.</summary>
    public string Server => _connection.Describe();

    /// <summary>
    /// The refusal opening it would give when a newer Tollgate has migrated the ledger since it was opened (another
    /// replica, a CI runner), else null: one primary-key read of <c>schema_migrations</c>, for a process that keeps the
    /// ledger open.
    /// </summary>
    public Task<InvalidInputException?> NewerSchemaAsync(CancellationToken cancellationToken = default) => NewerSchemaAsync("read", cancellationToken);

    /// <summary>The same, asked before a call that will <paramref name="doing"/> the ledger: one it cannot reach is told in the call's words.</summary>
    public Task<InvalidInputException?> NewerSchemaAsync(string doing, CancellationToken cancellationToken) =>
        GuardAsync(doing, async () =>
        {
            await using var db = await ConnectAsync(cancellationToken);
            return (await PostgresSchema.NewerAsync(db, null, Server, cancellationToken)).Newer;
        }, reads: true);

    public static Task<PostgresLedger> OpenAsync(string connection, TimeProvider clock, CancellationToken cancellationToken = default) =>
        OpenAsync(connection, clock, null, cancellationToken);

    /// <summary>
    /// Opens the ledger, each statement bounded by <paramref name="unlessSet"/> when the connection sets no limit. The
    /// migrations are not: they wait, unbounded unless the connection sets a limit, for the migration lock another
    /// opener holds and for locks on the tables they change (their session's own limit, on the one pool); <paramref name="wait"/> hears what they wait for.
    /// </summary>
    public static async Task<PostgresLedger> OpenAsync(string connection, TimeProvider clock, StatementLimit? unlessSet, CancellationToken cancellationToken, StartupWait? wait = null)
    {
        var parsed = PostgresConnectionString.Parse(connection);
        var migrationLimit = parsed.Builder.CommandTimeout; // the connection's own (0: none), before a limit the program sets
        if (unlessSet is not null)
        {
            parsed.BoundUnlessSet(unlessSet);
        }

        var ledger = Create(parsed, connection, clock);
        try
        {
            await ledger.MigrateAsync(migrationLimit, wait, cancellationToken);
        }
        catch
        {
            await ledger.DisposeAsync();
            throw;
        }

        return ledger;
    }

    private static PostgresLedger Create(PostgresConnectionString parsed, string connection, TimeProvider clock)
    {
        var builder = new NpgsqlSlimDataSourceBuilder(parsed.Builder.ConnectionString);
        builder.EnableTransportSecurity();
        builder.EnableArrays(); // dora_days: multi-row writes as unnest of arrays
        if (!connection.Contains("auto prepare", StringComparison.OrdinalIgnoreCase))
        {
            // A server sends the same few statements (the verdict insert above all) thousands of times a second: each
            // pooled connection prepares those it has sent five times, so PostgreSQL, often on the same cores, plans
            // them once. `Max Auto Prepare=0` in the connection string turns it off (e.g. behind an old pgbouncer).
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        return new PostgresLedger(builder.Build(), parsed, clock);
    }

    /// <summary>Migrates on a connection of its own, its statements bounded by <paramref name="limit"/> seconds (0: none), watched by <paramref name="wait"/> while it waits.</summary>
    private Task MigrateAsync(int limit, StartupWait? wait, CancellationToken cancellationToken) =>
        GuardAsync("open", async () =>
        {
            await using var db = await ConnectAsync(cancellationToken);
            using var session = db.LimitSession(limit);
            using var done = new CancellationTokenSource();
            var watch = wait is null ? Task.CompletedTask : MigrationWait.WatchAsync(_dataSource, db.ProcessID, Server, wait, _clock, done.Token);
            try
            {
                await MigrateAsync(db, Server, _clock, cancellationToken);
            }
            finally
            {
                await done.CancelAsync();
                await watch;
            }

            return 0L;
        });

    /// <summary>
    /// Applies every migration newer than the database's schema in one transaction. The advisory lock serialises
    /// concurrent openers; the second one waits, then finds the schema current and applies nothing. A database that is
    /// not a ledger Tollgate may use, or whose schema a newer Tollgate wrote, is refused first (<see cref="PostgresSchema"/>).
    /// </summary>
    private static async Task MigrateAsync(NpgsqlConnection db, string server, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await db.ExecuteAsync("SELECT pg_advisory_xact_lock($1)", tx, cancellationToken, MigrationLockKey);
        var current = await PostgresSchema.VersionAsync(db, tx, server, cancellationToken);
        if (current is null)
        {
            // Only when missing: CREATE TABLE IF NOT EXISTS would still need CREATE on the schema, which a replica's
            // role that may only read and insert does not have.
            await db.ExecuteAsync(
                "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)",
                tx,
                cancellationToken);
        }

        foreach (var migration in Migration.For("Postgres"))
        {
            if (migration.Version <= (current ?? 0))
            {
                continue;
            }

            try
            {
                await db.ExecuteAsync(migration.Sql, tx, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
                throw PostgresSchema.Taken(server, migration, e);
            }

            await db.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                tx,
                cancellationToken,
                migration.Version,
                migration.Name,
                clock.GetUtcNow());
        }

        await tx.CommitAsync(cancellationToken);
    }

    private const string InsertVerdict =
        """
        INSERT INTO verdicts (recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings, approvals_read, approver_path, input_digest)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9::json, $10::boolean, $11::text, $12::text) RETURNING id
        """;

    /// <summary>
    /// A verdict and its figures in one statement, so both are recorded or neither: the verdict's id feeds the
    /// figures' insert inside the statement, their rows go as arrays (one parameter per column, however many rows).
    /// </summary>
    private const string InsertVerdictWithFigures =
        """
        WITH verdict AS (
            INSERT INTO verdicts (recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings, approvals_read, approver_path, input_digest)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9::json, $10::boolean, $11::text, $12::text) RETURNING id
        ), figures AS (
            INSERT INTO report_figures (verdict_id, ordinal, address, slice, test, flagged, measure, value)
            SELECT verdict.id, f.* FROM verdict,
                unnest($13::integer[], $14::text[], $15::text[], $16::text[], $17::boolean[], $18::text[], $19::double precision[]) AS f
        )
        SELECT id FROM verdict
        """;

    public Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default) =>
        GuardAsync("record a verdict in", async () =>
        {
            await using var db = await ConnectAsync(cancellationToken);
            var row = VerdictRow.Of(report);
            return await db.ScalarAsync(Insert(row), null, cancellationToken, Values(row, _clock.GetUtcNow()));
        });

    /// <summary>
    /// Records a verdict on <paramref name="db"/> inside <paramref name="transaction"/>, so it commits or rolls back
    /// with the rows written beside it (the registry rows of an import, registration, promotion, shadow or rollback).
    /// </summary>
    internal Task<long> InsertVerdictAsync(NpgsqlConnection db, NpgsqlTransaction transaction, Report report, CancellationToken cancellationToken)
    {
        var row = VerdictRow.Of(report);
        return db.ScalarAsync(Insert(row), transaction, cancellationToken, Values(row, _clock.GetUtcNow()));
    }

    private static string Insert(VerdictRow row) => row.Report.Figures.Count > 0 ? InsertVerdictWithFigures : InsertVerdict;

    /// <summary>
    /// Records several verdicts with one round trip and one commit (one flush of the write-ahead log for all): how a
    /// server records the verdicts of concurrent requests. The statements of one batch run in one implicit
    /// transaction, so all or none are recorded; their ids in order.
    /// </summary>
    public Task<IReadOnlyList<long>> RecordAllAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
        RecordAllAsync([.. reports.Select(VerdictRow.Of)], cancellationToken);

    /// <inheritdoc cref="RecordAllAsync(IReadOnlyList{Report}, CancellationToken)"/>
    public Task<IReadOnlyList<long>> RecordAllAsync(IReadOnlyList<VerdictRow> rows, CancellationToken cancellationToken = default) =>
        GuardAsync(rows.Count == 1 ? "record the verdict in" : "record the verdicts in", async () =>
        {
            var at = _clock.GetUtcNow();
            await using var db = await ConnectAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(db);
            foreach (var row in rows)
            {
                var command = new NpgsqlBatchCommand(Insert(row));
                foreach (var value in Values(row, at))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                }

                batch.BatchCommands.Add(command);
            }

            var ids = new List<long>(rows.Count);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));

            return (IReadOnlyList<long>)ids;
        });

    private static object?[] Values(VerdictRow row, DateTimeOffset at)
    {
        object?[] verdict =
        [
            at,
            row.Report.Kind,
            row.Report.Subject,
            row.Report.Digest,
            row.Report.Verdict.WireName(),
            row.Report.ExitCode,
            row.Report.Reason,
            row.StoredSummary,
            row.StoredFindings.ToString(),
            row.Report.ApprovalsRead,
            row.Report.ApprovalPath,
            row.Report.InputDigest,
        ];
        if (row.Report.Figures.Count == 0)
        {
            return verdict;
        }

        var figures = FigureRows.Of(row.Report);
        return [.. verdict, figures.Ordinals, figures.Addresses, figures.Slices, figures.Tests, figures.Flagged, figures.Measures, figures.Values];
    }

    /// <summary>Records the approval once per <see cref="ApprovalKey"/>, whichever replica asks first; a repeat returns the first record's id.</summary>
    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) =>
        GuardAsync("record an approval in", async () =>
        {
            var key = ApprovalKey.Of(approval);
            await using var db = await ConnectAsync(cancellationToken);
            await db.ExecuteAsync(
                """
                INSERT INTO approvals (recorded_at, digest, approved_by, reason, subject, approval_key) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (approval_key) DO NOTHING
                """,
                null,
                cancellationToken,
                approval.At.ToUniversalTime(),
                approval.Digest,
                approval.By,
                approval.Reason,
                approval.Subject,
                key);
            return await db.ScalarAsync("SELECT id FROM approvals WHERE approval_key = $1", null, cancellationToken, key);
        });

    public Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) =>
        GuardAsync("read approvals from", async () =>
        {
            await using var db = await ConnectAsync(cancellationToken);
            return await db.QueryAsync(
                "SELECT digest, approved_by, reason, recorded_at, subject FROM approvals WHERE digest = $1 ORDER BY id",
                r => new Approval(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4)),
                cancellationToken,
                digest);
        });

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) =>
        GuardAsync("read verdicts from", async () =>
        {
            await using var db = await ConnectAsync(cancellationToken);
            return await db.QueryAsync(
                """
                SELECT id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary::text, findings::text, approvals_read, approver_path
                FROM verdicts WHERE ($1::text IS NULL OR kind = $1) ORDER BY id DESC LIMIT $2
                """,
                Entry,
                cancellationToken,
                kind,
                limit);
        });

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) =>
        GuardAsync("read verdicts from", async () =>
        {
            await using var db = await ConnectAsync(cancellationToken);
            var rows = await db.QueryAsync(
                """
                SELECT id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary::text, findings::text, approvals_read, approver_path
                FROM verdicts WHERE digest = $1 ORDER BY id DESC LIMIT 1
                """,
                Entry,
                cancellationToken,
                digest);
            return rows.Count > 0 ? rows[0] : null;
        });

    internal static LedgerEntry Entry(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetString(5), r.GetInt32(6), r.GetString(7), r.GetString(8), r.GetString(9))
        {
            ApprovalsRead = r.IsDBNull(10) ? null : r.GetBoolean(10),
            ApprovalPath = r.IsDBNull(11) ? null : r.GetString(11),
        };

    /// <summary>
    /// Turns a driver failure (server down, bad credentials, missing database, a connection lost) into a one-line
    /// input error that names the server but never the password, in words (<see cref="PostgresFault"/>). Nothing is
    /// half-written: each write is one statement or one transaction. A connection the server ended (restarted, or
    /// <c>pg_terminate_backend</c>: <c>57P01</c>, <c>57P02</c>, <c>57P03</c>) is tried once more on a fresh one, the pool
    /// cleared first, so a restart that is already over does not fail the gate: the server rolled back the transaction
    /// of the connection it ended (it holds that signal off while it commits). A connection that broke with no word from
    /// the server is tried again only for a read or the opening: a write's commit may have reached it. An
    /// <paramref name="operation"/> that cannot be run twice (a streamed input) passes <paramref name="once"/>.
    /// </summary>
    /// <param name="reads">The operation only reads, whatever <paramref name="action"/> says (a check before a write).</param>
    internal async Task<T> GuardAsync<T>(string action, Func<Task<T>> operation, bool once = false, bool reads = false)
    {
        try
        {
            try
            {
                return await operation();
            }
            catch (NpgsqlException e) when (!once && PostgresFault.ConnectionEnded(e, lost: reads || action is "open" or "read" || action.StartsWith("read ", StringComparison.Ordinal)))
            {
                _dataSource.Clear(); // the pool's other connections to the restarted server are ended too
                return await operation();
            }
        }
        catch (NpgsqlException e)
        {
            var server = _connection.Describe();
            throw new InvalidInputException(
                _connection.Scrub($"cannot {action} the PostgreSQL ledger at {server}: {PostgresFault.Cause(e, server, _connection.Limit).ReplaceLineEndings(" ")}"), e) { LedgerFault = true };
        }
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
