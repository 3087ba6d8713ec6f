using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The delivery tables in the SQLite ledger at <paramref name="path"/>. Times are Unix milliseconds. Every SQLite
/// failure is one line naming the ledger, in the words of every other ledger read and write (<see cref="SqliteFault"/>:
/// read-only, full disk, locked too long, corrupt, not a database), as the PostgreSQL store words its driver's.
/// </summary>
internal sealed class SqliteDeliveryStore(SqliteConnection connection, string path) : IDeliveryStore, IGroupedIngest
{
    private const string DeployColumns = SqliteDeployRow.Columns + ", " + DeployRow.WatchAndLeaseColumns; // what the watch made of it and its lease too

    public Task<IngestCounts> RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken = default) =>
        RecordAsync(new[] { events }.ToAsyncEnumerable(), events.Count, null, cancellationToken);

    public Task<IngestCounts> RecordAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages? stages = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync("record delivery events in", () => RecordAllAsync(batches, expected, stages ?? new IngestStages(), cancellationToken));

    public Task<IngestCounts> RecordCheckedAsync(IReadOnlyList<DeliveryEvent> events, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
        GuardAsync("record delivery events in", () => WriteAsync(new[] { events }.ToAsyncEnumerable(), events.Count, new IngestStages(), cancellationToken, check));

    public Task<IngestCounts> ClaimAsync(DeployEvent started, Func<CancellationToken, Task> check, Action<KnownNames>? names, CancellationToken cancellationToken = default) =>
        GuardAsync("record a deploy in", async () =>
        {
            // BEGIN IMMEDIATE in SQL, not through ADO.NET's transaction object: the check's ordinary reads (this store's,
            // the verdict log's, on this one connection) run inside it, under the write lock another claim waits for.
            await connection.ExecuteAsync("BEGIN IMMEDIATE");
            try
            {
                await check(cancellationToken);
                var counts = await WriteAsync(new[] { (IReadOnlyList<DeliveryEvent>)[started] }.ToAsyncEnumerable(), 1, new IngestStages(), cancellationToken, names, claimed: true);
                await connection.ExecuteAsync("COMMIT");
                return counts;
            }
            finally
            {
                if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
                {
                    await connection.ExecuteAsync("ROLLBACK"); // a check that refused, or a write that failed: nothing recorded
                }
            }
        });

    private async Task<IngestCounts> RecordAllAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages stages,
        CancellationToken cancellationToken)
    {
        // Up to 256 MB of page cache for a batch: a million events touch the indexes at random, and the default 2 MB
        // spills them to disk over and over (the cache grows only as pages are used).
        // Index builds after a bulk load sort in memory (temp_store) and may hand sorting to a helper thread (threads):
        // by then the parsing is done and the other cores are idle. Neither changes what is written or when it is durable.
        await connection.ExecuteAsync($"PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA threads={Math.Clamp(Environment.ProcessorCount - 1, 0, 4)}");
        var journaled = SqliteDeferredIndexes.IsBulk(connection, null, expected) && JournalMode("DELETE") == "delete";
        try
        {
            return await WriteAsync(batches, expected, stages, cancellationToken);
        }
        finally
        {
            if (journaled)
            {
                JournalMode("WAL");
            }
        }
    }

    /// <summary>
    /// Sets the journal mode; the mode the ledger is in afterwards (unchanged while another connection has it open).
    /// A bulk load goes through a rollback journal instead of the WAL: the journal keeps the few pages the batch
    /// overwrites, and the new pages are written once into the file, where the WAL writes them twice (log, then
    /// checkpoint). Both are atomic and durable at commit; readers wait for the commit instead of reading beside it.
    /// Leaving WAL needs the only connection to the file: with another one open SQLite answers "locked" at once (on
    /// the C API, without ADO.NET's retrying for the command timeout), and the batch goes through the WAL as before.
    /// </summary>
    private string JournalMode(string mode)
    {
        try
        {
            using var pragma = new SqliteStatement(connection, $"PRAGMA journal_mode={mode}");
            var now = pragma.Step() ? pragma.Text(0) ?? "" : "";
            pragma.Reset();
            return now;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            return "";
        }
    }

    /// <summary>
    /// Writes the batches in one transaction (one commit, one flush) and commits; a commit once begun is never cut, as
    /// one that lands must be answered. With <paramref name="each"/>, each batch is a body counted as if written alone:
    /// its deploys' groups end with it, and its targets before it are the ledger's, read under the write lock, and those
    /// of the bodies before it (<see cref="BatchTargets"/>).
    /// </summary>
    private async Task<IngestCounts> WriteAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages stages,
        CancellationToken cancellationToken, Action<KnownNames>? check = null, BodyCounts? each = null, bool claimed = false)
    {
        // BEGIN IMMEDIATE: the write lock from here; a claim (ClaimAsync) holds it already, in a transaction it commits
        await using var tx = claimed ? null : (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (check is not null)
        {
            var names = Names();
            check(names);
            each?.Start(names.Targets);
        }
        else
        {
            each?.Start(Targets()); // a grouped write needs the targets alone, not the drilled services a check chooses from
        }

        var indexes = SqliteDeferredIndexes.For(connection, tx, expected);
        using var writer = new SqliteDeliveryWriter(connection, tx);
        var waited = Stopwatch.GetTimestamp();
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            stages.Since("wait", waited);
            var written = Stopwatch.GetTimestamp();
            each?.Before(batch);
            writer.Write(batch);
            each?.After(writer.Counted());
            stages.Since("write", written);
            waited = Stopwatch.GetTimestamp();
        }

        IngestStageMarker.Reached("finish");
        var counts = writer.Finish(indexes, stages); // the resolution check and the DORA days, once for the lot
        cancellationToken.ThrowIfCancellationRequested();
        var committed = Stopwatch.GetTimestamp();
        if (tx is not null)
        {
            await tx.CommitAsync(CancellationToken.None);
        }

        stages.Since("commit", committed);
        return counts;
    }

    /// <summary>The bodies in one transaction (one commit, one flush), each counted as if written alone (<see cref="WriteAsync"/>).</summary>
    public Task<GroupedIngestCounts> RecordEachAsync(IReadOnlyList<IReadOnlyList<DeliveryEvent>> bodies, CancellationToken cancellationToken = default) =>
        GuardAsync("record delivery events in", async () =>
        {
            var each = new BodyCounts(bodies.Count);
            await WriteAsync(bodies.ToAsyncEnumerable(), bodies.Sum(b => b.Count), new IngestStages(), cancellationToken, each: each);
            return each.Counts();
        });

    public Task<Deploy?> FinishAsync(Deploy deploy, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        GuardAsync("finish a deploy in", () => FinishRunningAsync(deploy, result, at, cancellationToken));

    private async Task<Deploy?> FinishRunningAsync(Deploy deploy, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        string? key;
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            using var finish = SqliteDoraDays.Command(connection, tx,
                "UPDATE deploys SET result = $1, finished_at = $2 WHERE deploy_key = $3 AND result = 'running' RETURNING deploy_key",
                3);
            finish.Parameters[0].Value = result.WireName();
            finish.Parameters[1].Value = at.ToUnixTimeMilliseconds();
            finish.Parameters[2].Value = deploy.Id;
            key = finish.ExecuteScalar() as string;
            if (key is not null && result != DeployResult.Running)
            {
                // a finish after an incident blaming this deploy was resolved would leave a negative recovery: refused, as a batch is
                var check = ResolutionCheck.OfChanged();
                check.Deploy(key);
                SqliteResolutionCheck.Verify(connection, check, ResolvedTooEarly.Finish);
                SqliteDoraDays.Refresh(connection, tx, [new DoraDayKey(deploy.Service, deploy.Environment, DoraDayKey.DayNumber(at))]);
            }

            await tx.CommitAsync(cancellationToken);
        }

        return key is null ? null : await OneDeployAsync("deploy_key = $key", cancellationToken, ("$key", key));
    }

    public Task<Deploy?> DeployAsync(string id, CancellationToken cancellationToken = default) =>
        ReadDeployAsync("deploy_key = $key", cancellationToken, ("$key", id));

    public Task<Deploy?> NewestRunningAsync(string service, string environment, CancellationToken cancellationToken = default) =>
        ReadDeployAsync("service = $service AND environment = $env AND result = 'running' ORDER BY started_at DESC, id DESC LIMIT 1", cancellationToken,
            ("$service", service), ("$env", environment));

    public Task<Deploy?> NewestStartedAsync(string service, string environment, DateTimeOffset after, DateTimeOffset by, CancellationToken cancellationToken = default) =>
        ReadDeployAsync("service = $service AND environment = $env AND started_at > $after AND started_at <= $by ORDER BY started_at DESC, id DESC LIMIT 1", cancellationToken,
            ("$service", service), ("$env", environment), ("$after", after.ToUnixTimeMilliseconds()), ("$by", by.ToUnixTimeMilliseconds()));

    public Task<DoraFacts> DoraFactsAsync(string? service, DoraWindow window, CancellationToken cancellationToken = default) =>
        GuardAsync("read DORA days from", () => Task.FromResult(SqliteDoraFacts.Read(connection, service, window)));

    public Task<IReadOnlyList<Deploy>> DeploysAsync(string? service, string? environment, CancellationToken cancellationToken = default) =>
        GuardAsync("read deploys from", () => ReadDeploysAsync(service, environment, cancellationToken));

    private async Task<IReadOnlyList<Deploy>> ReadDeploysAsync(string? service, string? environment, CancellationToken cancellationToken)
    {
        (string, object?)[] filter = [("$service", service), ("$env", environment)];
        var changes = new Dictionary<long, List<Change>>();
        await connection.QueryAsync(
            """
            SELECT dc.deploy_id, dc.change_id, COALESCE(dc.committed_at, c.committed_at)
            FROM deploy_changes dc JOIN deploys d ON d.id = dc.deploy_id LEFT JOIN changes c ON c.change_id = dc.change_id
            WHERE ($service IS NULL OR d.service = $service) AND ($env IS NULL OR d.environment = $env)
            """,
            r =>
            {
                var id = r.GetInt64(0);
                if (!changes.TryGetValue(id, out var list))
                {
                    changes[id] = list = [];
                }

                list.Add(new Change(r.GetString(1), r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))));
                return 0;
            },
            cancellationToken,
            filter);
        return await connection.QueryAsync(
            $"""
            SELECT {DeployColumns}
            FROM deploys WHERE ($service IS NULL OR service = $service) AND ($env IS NULL OR environment = $env)
            ORDER BY started_at, id
            """,
            r => DeployRow.Handed(SqliteDeployRow.Read(r, changes.TryGetValue(r.GetInt64(0), out var list) ? list : []), r),
            cancellationToken,
            filter);
    }

    public Task<IReadOnlyList<Incident>> IncidentsAsync(string? service, CancellationToken cancellationToken = default) =>
        GuardAsync("read incidents from", () => connection.QueryAsync(
            """
            SELECT incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id
            FROM incidents WHERE ($service IS NULL OR service = $service) ORDER BY detected_at, id
            """,
            r => new Incident(r.GetString(0), r.GetString(1), r.GetString(2), SqliteDeployRow.Time(r, 3)!.Value)
            {
                ResolvedAt = SqliteDeployRow.Time(r, 4),
                CausedBy = r.IsDBNull(5) ? null : r.GetString(5),
                ArtifactId = r.IsDBNull(6) ? null : r.GetString(6),
            },
            cancellationToken,
            ("$service", service)));

    public Task RecordDrillAsync(Drill drill, CancellationToken cancellationToken = default) =>
        GuardAsync("record a drill in", () => InsertDrillAsync(drill, null));

    public Task RecordDrillCheckedAsync(Drill drill, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
        GuardAsync("record a drill in", async () =>
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE, as WriteAsync
            check(Names());
            await InsertDrillAsync(drill, tx);
            await tx.CommitAsync(cancellationToken);
        });

    private Task InsertDrillAsync(Drill drill, SqliteTransaction? tx) => connection.ExecuteAsync(
        "INSERT INTO drills (service, ok, duration_ms, at, detail) VALUES ($service, $ok, $duration, $at, $detail)",
        tx,
        ("$service", drill.Service),
        ("$ok", drill.Ok ? 1 : 0),
        ("$duration", drill.Duration is { } d ? (long)d.TotalMilliseconds : null),
        ("$at", drill.At.ToUnixTimeMilliseconds()),
        ("$detail", drill.Detail));

    /// <summary>The names a checked write chooses from, read on the C API inside the transaction the connection is in (<see cref="TargetsAsync"/> outside one).</summary>
    private KnownNames Names()
    {
        var read = Targets();
        using var drilled = new SqliteStatement(connection, DrilledServicesSql);
        var services = new List<string>();
        while (drilled.Step())
        {
            services.Add(drilled.Text(0)!);
        }

        drilled.Reset();
        return new KnownNames(read, services);
    }

    private List<DeployTarget> Targets()
    {
        using var targets = new SqliteStatement(connection, TargetsSql);
        var read = new List<DeployTarget>();
        while (targets.Step())
        {
            read.Add(new DeployTarget(targets.Text(0)!, targets.Text(1)!));
        }

        targets.Reset();
        return read;
    }

    private const string DrilledServicesSql = "SELECT DISTINCT service FROM drills ORDER BY service";

    private const string TargetsSql = DeployTargetsQuery.Sql;

    public Task<IReadOnlyList<DeployTarget>> TargetsAsync(CancellationToken cancellationToken = default) =>
        GuardAsync("read deploy targets from", () => connection.QueryAsync(
            TargetsSql,
            r => new DeployTarget(r.GetString(0), r.GetString(1)),
            cancellationToken));

    public Task<IReadOnlyList<Drill>> DrillsAsync(string? service, CancellationToken cancellationToken = default) =>
        GuardAsync("read drills from", () => connection.QueryAsync(
            "SELECT service, ok, duration_ms, at, detail FROM drills WHERE ($service IS NULL OR service = $service) ORDER BY at, id",
            r => new Drill(r.GetString(0), r.GetInt64(1) != 0, r.IsDBNull(2) ? null : TimeSpan.FromMilliseconds(r.GetInt64(2)), SqliteDeployRow.Time(r, 3)!.Value)
            {
                Detail = r.GetString(4),
            },
            cancellationToken,
            ("$service", service)));

    /// <summary>Runs <paramref name="operation"/>; a SQLite failure says what could not be done to the ledger and why.</summary>
    private async Task<T> GuardAsync<T>(string action, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, path, action, connection);
        }
    }

    private Task GuardAsync(string action, Func<Task> operation) =>
        GuardAsync(action, async () =>
        {
            await operation();
            return true;
        });

    private Task<Deploy?> ReadDeployAsync(string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        GuardAsync("read deploys from", () => OneDeployAsync(where, cancellationToken, parameters));

    /// <summary>The first deploy <paramref name="where"/> (a condition, and an order and limit) selects, with its changes; null when none.</summary>
    private async Task<Deploy?> OneDeployAsync(string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var found = await connection.QueryAsync($"SELECT {DeployColumns} FROM deploys WHERE {where}", r => (Id: r.GetInt64(0), Deploy: DeployRow.Handed(SqliteDeployRow.Read(r, []), r)), cancellationToken, parameters);
        if (found.Count == 0)
        {
            return null;
        }

        var changes = await connection.QueryAsync(
            "SELECT dc.change_id, COALESCE(dc.committed_at, c.committed_at) FROM deploy_changes dc LEFT JOIN changes c ON c.change_id = dc.change_id WHERE dc.deploy_id = $id",
            r => new Change(r.GetString(0), SqliteDeployRow.Time(r, 1)),
            cancellationToken,
            ("$id", found[0].Id));
        return found[0].Deploy with { Changes = changes };
    }
}
