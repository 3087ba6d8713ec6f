using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>The delivery tables in the PostgreSQL ledger; every driver failure becomes a one-line input error.</summary>
internal sealed class PostgresDeliveryStore(PostgresLedger ledger) : IDeliveryStore, IGroupedIngest
{
    private const string DeployColumns = PostgresDeployRow.Columns + ", " + DeployRow.WatchAndLeaseColumns; // what the watch made of it and its lease too

    public Task<IngestCounts> RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken = default) =>
        RecordAsync(new[] { events }.ToAsyncEnumerable(), events.Count, null, cancellationToken);

    public async Task<IngestCounts> RecordAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages? stages = null,
        CancellationToken cancellationToken = default) =>
        (await WriteAsync(batches, stages, null, targets: false, cancellationToken, once: true)).Total; // a stream is read once: never replayed

    public async Task<IngestCounts> RecordCheckedAsync(IReadOnlyList<DeliveryEvent> events, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
        (await WriteAsync(new[] { events }.ToAsyncEnumerable(), null, check, targets: false, cancellationToken)).Total;

    public async Task<GroupedIngestCounts> RecordEachAsync(IReadOnlyList<IReadOnlyList<DeliveryEvent>> bodies, CancellationToken cancellationToken = default)
    {
        var written = await WriteAsync(bodies.ToAsyncEnumerable(), null, null, targets: true, cancellationToken);
        return new GroupedIngestCounts(written.Before, written.Each);
    }

    /// <summary>
    /// Writes the bodies in one transaction under the delivery writers' lock, their staged runs spanning bodies (one
    /// copy and one set of moves for many small ones), and commits (a commit is never cancelled: one cut by a stop could
    /// land while its callers are told nothing was recorded). With <paramref name="targets"/>, the deploy targets each
    /// body sees before it (<see cref="BatchTargets"/>).
    /// </summary>
    private Task<(IngestCounts Total, IReadOnlyList<IngestCounts> Each, IReadOnlyList<IReadOnlyList<DeployTarget>> Before)> WriteAsync(
        IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> bodies, IngestStages? stages, Action<KnownNames>? check, bool targets, CancellationToken cancellationToken, bool once = false) =>
        ledger.GuardAsync("record delivery events in", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var tx = await db.BeginTransactionAsync(cancellationToken);
            var written = await WriteInAsync(db, tx, bodies, stages, check, targets, cancellationToken);
            var committed = Stopwatch.GetTimestamp();
            await tx.CommitAsync(CancellationToken.None);
            stages?.Since("commit", committed);
            return written;
        }, once);

    /// <summary>
    /// The first key of <c>pg_advisory_xact_lock(int, int)</c> a claim (<see cref="ClaimAsync"/>) takes: the bytes of
    /// "clam". The second is <see cref="ClaimLockOf"/> the service and environment, so claims of different targets never wait for each other.
    /// </summary>
    public const int ClaimLockClass = 0x636c616d;

    /// <summary>The target's half of its claim lock: the first four bytes of the SHA-256 of service, a NUL and environment (targets that share them share a lock, harmlessly).</summary>
    public static int ClaimLockOf(string service, string environment) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(service + "\0" + environment)));

    public Task<IngestCounts> ClaimAsync(DeployEvent started, Func<CancellationToken, Task> check, Action<KnownNames>? names, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("record a deploy in", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var tx = await db.BeginTransactionAsync(cancellationToken);
            await using (var claim = Command(db, "SELECT pg_advisory_xact_lock($1, $2)", ClaimLockClass, ClaimLockOf(started.Deploy.Service, started.Deploy.Environment)))
            {
                claim.Transaction = tx;
                await claim.ExecuteNonQueryAsync(cancellationToken); // held to the commit: a later claim's check reads this one's deploy
            }

            await check(cancellationToken); // on other connections, read committed: every claim before this one has committed
            var written = await WriteInAsync(db, tx, new[] { (IReadOnlyList<DeliveryEvent>)[started] }.ToAsyncEnumerable(), null, names, targets: false, cancellationToken);
            await tx.CommitAsync(CancellationToken.None);
            return written.Total;
        });

    /// <summary>The bodies written in <paramref name="tx"/> under the delivery writers' lock (<see cref="WriteAsync"/>), not committed.</summary>
    private static async Task<(IngestCounts Total, IReadOnlyList<IngestCounts> Each, IReadOnlyList<IReadOnlyList<DeployTarget>> Before)> WriteInAsync(NpgsqlConnection db,
        NpgsqlTransaction tx, IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> bodies, IngestStages? stages, Action<KnownNames>? check, bool targets, CancellationToken cancellationToken)
    {
        await PostgresDoraDays.LockAsync(db, tx, cancellationToken); // every delivery writer takes it: the check reads what they committed
        if (check is not null)
        {
            check(await NamesAsync(db, tx, cancellationToken));
        }

        BatchTargets? known = null;
        if (targets)
        {
            await using var read = Command(db, TargetsSql);
            read.Transaction = tx;
            known = new BatchTargets(await CommandRows.ReadAllAsync<NpgsqlDataReader, DeployTarget>(read, r => new DeployTarget(r.GetString(0), r.GetString(1)), cancellationToken));
        }

        var writer = new PostgresDeliveryWriter(db, tx, await PostgresResolutionCheck.StartAsync(db, tx, cancellationToken));
        var befores = new List<IReadOnlyList<DeployTarget>>();
        var waited = Stopwatch.GetTimestamp();
        await foreach (var body in bodies.WithCancellation(cancellationToken))
        {
            stages?.Since("wait", waited);
            var written = Stopwatch.GetTimestamp();
            if (known is not null)
            {
                befores.Add(known.Add(body));
            }

            await writer.WriteAsync(body, cancellationToken);
            stages?.Since("write", written);
            waited = Stopwatch.GetTimestamp();
        }

        var finished = Stopwatch.GetTimestamp();
        var total = await writer.FinishAsync(cancellationToken); // the last run, the resolution check and the DORA days, once for the lot
        stages?.Since("days", finished);
        return (total, writer.Bodies, (IReadOnlyList<IReadOnlyList<DeployTarget>>)befores);
    }

    public Task<Deploy?> FinishAsync(Deploy deploy, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("finish a deploy in", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var tx = await db.BeginTransactionAsync(cancellationToken);
            await PostgresDoraDays.LockAsync(db, tx, cancellationToken);
            await using var command = Command(db,
                "UPDATE deploys SET result = $1, finished_at = $2 WHERE deploy_key = $3 AND result = 'running' RETURNING deploy_key",
                result.WireName(), at.ToUniversalTime(), deploy.Id);
            command.Transaction = tx;
            var key = await command.ExecuteScalarAsync(cancellationToken) as string;
            if (key is not null && result != DeployResult.Running)
            {
                // a finish after an incident blaming this deploy was resolved would leave a negative recovery: refused, as a batch is
                var check = ResolutionCheck.OfChanged();
                check.Deploy(key);
                await PostgresResolutionCheck.VerifyAsync(db, tx, check, cancellationToken, ResolvedTooEarly.Finish);
                await PostgresDoraDays.RefreshAsync(db, tx, [new DoraDayKey(deploy.Service, deploy.Environment, DoraDayKey.DayNumber(at))], 0, cancellationToken);
            }

            // read inside the transaction: the retry of a connection the server ended runs this whole operation again,
            // so nothing may follow the commit (a finish read after it would be retried as 'finished by another writer')
            var finished = key is null ? null : await OneDeployAsync(db, "deploy_key = $1", cancellationToken, key);
            await tx.CommitAsync(cancellationToken);
            return finished;
        });

    public Task<Deploy?> DeployAsync(string id, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read deploys from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            return await OneDeployAsync(db, "deploy_key = $1", cancellationToken, id);
        });

    public Task<Deploy?> NewestRunningAsync(string service, string environment, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read deploys from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            return await OneDeployAsync(db, "service = $1 AND environment = $2 AND result = 'running' ORDER BY started_at DESC, id DESC LIMIT 1", cancellationToken,
                service, environment);
        });

    public Task<Deploy?> NewestStartedAsync(string service, string environment, DateTimeOffset after, DateTimeOffset by, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read deploys from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            return await OneDeployAsync(db, "service = $1 AND environment = $2 AND started_at > $3 AND started_at <= $4 ORDER BY started_at DESC, id DESC LIMIT 1",
                cancellationToken, service, environment, after.ToUniversalTime(), by.ToUniversalTime());
        });

    public Task<DoraFacts> DoraFactsAsync(string? service, DoraWindow window, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read DORA days from", async () =>
        {
            DoraFacts facts;
            await using (var db = await ledger.ConnectAsync(cancellationToken))
            {
                facts = await PostgresDoraDays.ReadAsync(db, service, window, cancellationToken);
            }

            var incidents = await IncidentsAsync(null, cancellationToken);
            return facts with { Incidents = service is null ? incidents : incidents.Where(i => i.Service == service || i.Service.Length == 0).ToList() };
        });

    public Task<IReadOnlyList<Deploy>> DeploysAsync(string? service, string? environment, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read deploys from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            var changes = new Dictionary<long, List<Change>>();
            await using (var command = Command(db,
                """
                SELECT dc.deploy_id, dc.change_id, COALESCE(dc.committed_at, c.committed_at)
                FROM deploy_changes dc JOIN deploys d ON d.id = dc.deploy_id LEFT JOIN changes c ON c.change_id = dc.change_id
                WHERE ($1::text IS NULL OR d.service = $1) AND ($2::text IS NULL OR d.environment = $2)
                """,
                service, environment))
            {
                await CommandRows.ReadAllAsync<NpgsqlDataReader, int>(command, r =>
                {
                    var id = r.GetInt64(0);
                    if (!changes.TryGetValue(id, out var list))
                    {
                        changes[id] = list = [];
                    }

                    list.Add(new Change(r.GetString(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2)));
                    return 0;
                }, cancellationToken);
            }

            await using var deploys = Command(db,
                $"SELECT {DeployColumns} FROM deploys WHERE ($1::text IS NULL OR service = $1) AND ($2::text IS NULL OR environment = $2) ORDER BY started_at, id",
                service, environment);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, Deploy>(deploys, r => DeployRow.Handed(PostgresDeployRow.Read(r, changes.TryGetValue(r.GetInt64(0), out var list) ? list : []), r), cancellationToken);
        });

    public Task<IReadOnlyList<Incident>> IncidentsAsync(string? service, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read incidents from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var command = Command(db,
                """
                SELECT incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id
                FROM incidents WHERE ($1::text IS NULL OR service = $1) ORDER BY detected_at, id
                """,
                service);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, Incident>(command, r =>
                new Incident(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3))
                {
                    ResolvedAt = PostgresDeployRow.Time(r, 4),
                    CausedBy = Text(r, 5),
                    ArtifactId = Text(r, 6),
                },
                cancellationToken);
        });

    public Task RecordDrillAsync(Drill drill, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("record a drill in", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            return await InsertDrillAsync(db, null, drill, cancellationToken);
        });

    public Task RecordDrillCheckedAsync(Drill drill, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("record a drill in", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var tx = await db.BeginTransactionAsync(cancellationToken);
            await PostgresDoraDays.LockAsync(db, tx, cancellationToken); // the delivery writers' lock, as RecordAsync takes it
            check(await NamesAsync(db, tx, cancellationToken));
            var inserted = await InsertDrillAsync(db, tx, drill, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return inserted;
        });

    private static async Task<int> InsertDrillAsync(NpgsqlConnection db, NpgsqlTransaction? tx, Drill drill, CancellationToken cancellationToken)
    {
        await using var command = Command(db,
            "INSERT INTO drills (service, ok, duration_ms, at, detail) VALUES ($1, $2, $3::bigint, $4, $5)",
            drill.Service, drill.Ok, drill.Duration is { } d ? (long)d.TotalMilliseconds : null, drill.At.ToUniversalTime(), drill.Detail);
        command.Transaction = tx;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The names a checked write chooses from, read inside <paramref name="tx"/> once it holds the delivery writers' lock.</summary>
    private static async Task<KnownNames> NamesAsync(NpgsqlConnection db, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var targets = Command(db, TargetsSql);
        targets.Transaction = tx;
        var read = await CommandRows.ReadAllAsync<NpgsqlDataReader, DeployTarget>(targets, r => new DeployTarget(r.GetString(0), r.GetString(1)), cancellationToken);
        await using var drilled = Command(db, "SELECT DISTINCT service FROM drills ORDER BY service");
        drilled.Transaction = tx;
        return new KnownNames(read, await CommandRows.ReadAllAsync<NpgsqlDataReader, string>(drilled, r => r.GetString(0), cancellationToken));
    }

    private const string TargetsSql = DeployTargetsQuery.Sql;

    public Task<IReadOnlyList<DeployTarget>> TargetsAsync(CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read deploy targets from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var command = Command(db, TargetsSql);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, DeployTarget>(command, r => new DeployTarget(r.GetString(0), r.GetString(1)), cancellationToken);
        });

    public Task<IReadOnlyList<Drill>> DrillsAsync(string? service, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read drills from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var command = Command(db,
                "SELECT service, ok, duration_ms, at, detail FROM drills WHERE ($1::text IS NULL OR service = $1) ORDER BY at, id",
                service);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, Drill>(command, r =>
                new Drill(r.GetString(0), r.GetBoolean(1), r.IsDBNull(2) ? null : TimeSpan.FromMilliseconds(r.GetInt64(2)), r.GetFieldValue<DateTimeOffset>(3))
                {
                    Detail = r.GetString(4),
                },
                cancellationToken);
        });

    /// <summary>A command with positional parameters; a null goes as a typed text null, so SQL casts it where it is not text.</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection db, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, db);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
                : new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>The first deploy <paramref name="where"/> (a condition, and an order and limit) selects, with its changes; null when none.</summary>
    private static async Task<Deploy?> OneDeployAsync(NpgsqlConnection db, string where, CancellationToken cancellationToken, params object?[] parameters)
    {
        long id;
        Deploy deploy;
        await using (var command = Command(db, $"SELECT {DeployColumns} FROM deploys WHERE {where}", parameters))
        {
            var found = await CommandRows.ReadAllAsync<NpgsqlDataReader, (long Id, Deploy Deploy)>(command, r => (r.GetInt64(0), DeployRow.Handed(PostgresDeployRow.Read(r, []), r)), cancellationToken);
            if (found.Count == 0)
            {
                return null;
            }

            (id, deploy) = found[0];
        }

        await using var changes = Command(db,
            "SELECT dc.change_id, COALESCE(dc.committed_at, c.committed_at) FROM deploy_changes dc LEFT JOIN changes c ON c.change_id = dc.change_id WHERE dc.deploy_id = $1",
            id);
        return deploy with
        {
            Changes = await CommandRows.ReadAllAsync<NpgsqlDataReader, Change>(changes, r => new Change(r.GetString(0), PostgresDeployRow.Time(r, 1)), cancellationToken),
        };
    }

    private static string? Text(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
