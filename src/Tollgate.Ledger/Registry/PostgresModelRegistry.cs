using Npgsql;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Registry;

/// <summary>The model registry in the PostgreSQL ledger; every driver failure becomes a one-line input error.</summary>
internal sealed class PostgresModelRegistry(PostgresLedger ledger) : IModelRegistry
{
    private const string Columns = "v.id, v.name, v.version, v.artifact_digest, v.registered_at, v.artifact_path, v.code_commit, v.params::text, v.metrics::text, v.run_id, v.source";

    public Task<bool> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default) =>
        InTransactionAsync("register a model version in", (db, tx) => InsertVersionAsync(db, tx, version, cancellationToken), cancellationToken);

    public Task<bool> RegisterAsync(ModelVersion version, Report verdict, CancellationToken cancellationToken = default) =>
        InTransactionAsync("record a registration in", async (db, tx) =>
        {
            // A version another transaction is inserting makes this insert wait for it: committed, this one inserts nothing.
            if (!await InsertVersionAsync(db, tx, version, cancellationToken))
            {
                return false;
            }

            await ledger.InsertVerdictAsync(db, tx, verdict, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default) =>
        (await ReadAsync("v.name = $1 AND v.version = $2", "read a model version from", cancellationToken, name, version)) is [var found] ? found : null;

    public Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync("v.name = $1", "read model versions from", cancellationToken, name);

    public Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read model names from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var command = Command(db, null, "SELECT name FROM model_versions WHERE name = ANY($1::text[]) UNION SELECT name FROM model_stages WHERE name = ANY($1::text[])", (object)names.ToArray());
            return (IReadOnlySet<string>)(await CommandRows.ReadAllAsync<NpgsqlDataReader, string>(command, r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        });

    public Task<IReadOnlyList<ModelVersion>> TrainedOnAsync(string digest, CancellationToken cancellationToken = default) =>
        ReadAsync("v.id IN (SELECT model_version_id FROM model_datasets WHERE digest = $1)", "read lineage from", cancellationToken, digest);

    public Task RecordStagesAsync(IReadOnlyList<StageEvent> events, StageBasis? basis = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync("record a stage change in", async (db, tx) =>
        {
            await CheckAsync(db, tx, basis, cancellationToken);
            foreach (var e in events)
            {
                await InsertStageAsync(db, tx, e, cancellationToken);
            }

            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read stages from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var command = Command(db, null, "SELECT name, version, stage, at, actor, reason FROM model_stages WHERE name = $1 ORDER BY at, id", name);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, StageEvent>(command, r =>
                new StageEvent(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)) { Actor = r.GetString(4), Reason = r.GetString(5) },
                cancellationToken);
        });

    public Task RecordAliasAsync(AliasEvent alias, CancellationToken cancellationToken = default) =>
        InTransactionAsync("record an alias in", (db, tx) => InsertAliasAsync(db, tx, alias, cancellationToken), cancellationToken);

    public Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync($"record {what} in", async (db, tx) =>
        {
            await CheckAsync(db, tx, basis, cancellationToken);
            var added = 0;
            foreach (var version in versions)
            {
                added += await InsertVersionAsync(db, tx, version, cancellationToken) ? 1 : 0;
            }

            foreach (var e in stages)
            {
                await InsertStageAsync(db, tx, e, cancellationToken);
            }

            foreach (var alias in aliases)
            {
                await InsertAliasAsync(db, tx, alias, cancellationToken);
            }

            var report = verdict(added);
            await ledger.InsertVerdictAsync(db, tx, report, cancellationToken);
            return report;
        }, cancellationToken);

    public Task RecordDrillAsync(Drill drill, Report verdict, CancellationToken cancellationToken = default) =>
        InTransactionAsync("record a drill in", async (db, tx) =>
        {
            await using var insert = Command(db, tx,
                "INSERT INTO drills (service, ok, duration_ms, at, detail) VALUES ($1, $2, $3::bigint, $4, $5)",
                drill.Service, drill.Ok, drill.Duration is { } d ? (long)d.TotalMilliseconds : null, drill.At.ToUniversalTime(), drill.Detail);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return await ledger.InsertVerdictAsync(db, tx, verdict, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<AliasEvent>> AliasesAsync(string name, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read aliases from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var command = Command(db, null, "SELECT name, alias, version, at, source FROM model_aliases WHERE name = $1 ORDER BY at, id", name);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, AliasEvent>(command, r =>
                new AliasEvent(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)) { Source = r.GetString(4) },
                cancellationToken);
        });

    /// <summary>
    /// The first key of <c>pg_advisory_xact_lock(int, int)</c> around a model's stage moves decided on a
    /// <see cref="StageBasis"/>: the bytes of "stag". The second is <see cref="StageLockOf"/> the model, so moves of
    /// different models never wait for each other.
    /// </summary>
    public const int StageLockClass = 0x73746167;

    /// <summary>The model's half of its stage lock: the first four bytes of the SHA-256 of its name (models that share them share a lock, harmlessly).</summary>
    public static int StageLockOf(string name) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    /// <summary>
    /// The stage locks <paramref name="basis"/> takes, all before any count: each model's <see cref="StageLockOf"/>, once
    /// and in ascending order, so any two writers take the locks they share in one order and never wait on each other
    /// (in name order, two names sharing a key could be taken in opposite orders by two imports: a deadlock).
    /// </summary>
    internal static IReadOnlyList<int> StageLocksOf(StageBasis? basis) => [.. (basis?.Each() ?? []).Select(b => StageLockOf(b.Name)).Distinct().Order()];

    // Under a transaction-scoped advisory lock, so two writers never both count the same history and both move it
    // (read committed would let each see the other's moves only after both had inserted theirs).
    private static async Task CheckAsync(NpgsqlConnection db, NpgsqlTransaction tx, StageBasis? basis, CancellationToken cancellationToken)
    {
        foreach (var key in StageLocksOf(basis))
        {
            await using var lockCommand = Command(db, tx, "SELECT pg_advisory_xact_lock($1, $2)", StageLockClass, key);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var each in basis?.Each() ?? [])
        {
            await using (var count = Command(db, tx, StageBasis.CountSql, each.Name, ModelStages.Shadow))
            {
                each.Check((long)(await count.ExecuteScalarAsync(cancellationToken))!);
            }

            if (each.Aliases is not null)
            {
                await using var aliases = Command(db, tx, StageBasis.AliasCountSql, each.Name);
                each.CheckAliases((long)(await aliases.ExecuteScalarAsync(cancellationToken))!);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on one connection in one transaction, committed only when it returns.</summary>
    private Task<T> InTransactionAsync<T>(string action, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        ledger.GuardAsync(action, async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var tx = await db.BeginTransactionAsync(cancellationToken);
            var result = await work(db, tx);
            await tx.CommitAsync(cancellationToken);
            return result;
        });

    /// <summary>A version and its datasets; false (nothing written) when NAME@VERSION is already registered.</summary>
    private static async Task<bool> InsertVersionAsync(NpgsqlConnection db, NpgsqlTransaction tx, ModelVersion version, CancellationToken cancellationToken)
    {
        await using var insert = Command(db, tx,
            """
            INSERT INTO model_versions (name, version, artifact_digest, artifact_path, code_commit, params, metrics, run_id, source, registered_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10::timestamptz)
            ON CONFLICT (name, version) DO NOTHING RETURNING id
            """,
            version.Name, version.Version, version.ArtifactDigest, version.ArtifactPath, version.CodeCommit, version.Params, version.Metrics, version.RunId,
            version.Source, version.RegisteredAt?.ToUniversalTime());
        if (await insert.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return false;
        }

        foreach (var dataset in version.Datasets.DistinctBy(d => (d.Digest, d.Path)))
        {
            await using var row = Command(db, tx,
                "INSERT INTO model_datasets (model_version_id, digest, path, kind, bytes, files) VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint)",
                id, dataset.Digest, dataset.Path, dataset.Kind, dataset.Bytes, dataset.Files);
            await row.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }

    private static async Task<int> InsertStageAsync(NpgsqlConnection db, NpgsqlTransaction tx, StageEvent e, CancellationToken cancellationToken)
    {
        await using var insert = Command(db, tx,
            "INSERT INTO model_stages (name, version, stage, at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6)",
            e.Name, e.Version, e.Stage, e.At.ToUniversalTime(), e.Actor, e.Reason);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> InsertAliasAsync(NpgsqlConnection db, NpgsqlTransaction tx, AliasEvent alias, CancellationToken cancellationToken)
    {
        await using var insert = Command(db, tx,
            "INSERT INTO model_aliases (name, alias, version, at, source) VALUES ($1, $2, $3, $4, $5)",
            alias.Name, alias.Alias, alias.Version, alias.At.ToUniversalTime(), alias.Source);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The versions matching <paramref name="filter"/> with their datasets, read in one repeatable-read transaction: both
    /// statements see one snapshot, so a version committed between them is never read without its datasets.
    /// </summary>
    private Task<IReadOnlyList<ModelVersion>> ReadAsync(string filter, string action, CancellationToken cancellationToken, params object?[] parameters) =>
        ledger.GuardAsync(action, async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var datasets = new Dictionary<long, List<DatasetInput>>();
            await using (var command = Command(db, tx,
                $"SELECT d.model_version_id, d.digest, d.path, d.kind, d.bytes, d.files FROM model_datasets d WHERE d.model_version_id IN (SELECT v.id FROM model_versions v WHERE {filter}) ORDER BY d.model_version_id, d.path",
                parameters))
            {
                await CommandRows.ReadAllAsync<NpgsqlDataReader, int>(command, r =>
                {
                    var id = r.GetInt64(0);
                    if (!datasets.TryGetValue(id, out var list))
                    {
                        datasets[id] = list = [];
                    }

                    list.Add(new DatasetInput(r.GetString(1), r.GetString(2)) { Kind = r.GetString(3), Bytes = r.IsDBNull(4) ? null : r.GetInt64(4), Files = r.IsDBNull(5) ? null : r.GetInt64(5) });
                    return 0;
                }, cancellationToken);
            }

            await using var versions = Command(db, tx, $"SELECT {Columns} FROM model_versions v WHERE {filter} ORDER BY v.registered_at NULLS FIRST, v.id", parameters);
            return await CommandRows.ReadAllAsync<NpgsqlDataReader, ModelVersion>(versions, r =>
                new ModelVersion(r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4))
                {
                    ArtifactPath = Text(r, 5),
                    CodeCommit = Text(r, 6),
                    Params = Text(r, 7),
                    Metrics = Text(r, 8),
                    RunId = Text(r, 9),
                    Source = r.GetString(10),
                    Datasets = datasets.TryGetValue(r.GetInt64(0), out var list) ? list : [],
                },
                cancellationToken);
        });

    private static NpgsqlCommand Command(NpgsqlConnection db, NpgsqlTransaction? tx, string sql, params object?[] values)
    {
        var command = Delivery.PostgresDeliveryStore.Command(db, sql, values);
        command.Transaction = tx;
        return command;
    }

    private static string? Text(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
