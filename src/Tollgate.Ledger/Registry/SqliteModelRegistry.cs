using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Registry;

/// <summary>The model registry in the SQLite ledger. Times are Unix milliseconds.</summary>
internal sealed class SqliteModelRegistry(SqliteLedger ledger) : IModelRegistry
{
    private const string Columns = "v.id, v.name, v.version, v.artifact_digest, v.registered_at, v.artifact_path, v.code_commit, v.params, v.metrics, v.run_id, v.source";

    private SqliteConnection Connection => ledger.Connection;

    public async Task<bool> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default) =>
        await InTransactionAsync("register a model version in", async tx => await InsertVersionAsync(version, tx, cancellationToken), cancellationToken);

    public Task<bool> RegisterAsync(ModelVersion version, Report verdict, CancellationToken cancellationToken = default) =>
        InTransactionAsync("record a registration in", async tx =>
        {
            if (!await InsertVersionAsync(version, tx, cancellationToken))
            {
                return false;
            }

            await ledger.InsertVerdictAsync(verdict, tx, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default) =>
        (await ReadAsync("v.name = $name AND v.version = $version", cancellationToken, ("$name", name), ("$version", version))) is [var found] ? found : null;

    public Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync("v.name = $name", cancellationToken, ("$name", name));

    public async Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        var json = "[" + string.Join(",", names.Select(n => "\"" + System.Text.Json.JsonEncodedText.Encode(n) + "\"")) + "]";
        await using var command = Command(
            "SELECT name FROM model_versions WHERE name IN (SELECT value FROM json_each($names)) UNION SELECT name FROM model_stages WHERE name IN (SELECT value FROM json_each($names))",
            null,
            ("$names", json));
        return (await CommandRows.ReadAllAsync<SqliteDataReader, string>(command, r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<ModelVersion>> TrainedOnAsync(string digest, CancellationToken cancellationToken = default) =>
        ReadAsync("v.id IN (SELECT model_version_id FROM model_datasets WHERE digest = $digest)", cancellationToken, ("$digest", digest));

    public async Task RecordStagesAsync(IReadOnlyList<StageEvent> events, StageBasis? basis = null, CancellationToken cancellationToken = default) =>
        await InTransactionAsync("record a stage change in", async tx =>
        {
            await CheckAsync(basis, tx, cancellationToken);
            foreach (var e in events)
            {
                await InsertStageAsync(e, tx, cancellationToken);
            }

            return 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT name, version, stage, at, actor, reason FROM model_stages WHERE name = $name ORDER BY at, id", null, ("$name", name));
        return await CommandRows.ReadAllAsync<SqliteDataReader, StageEvent>(command, r =>
            new StageEvent(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))) { Actor = r.GetString(4), Reason = r.GetString(5) },
            cancellationToken);
    }

    public async Task RecordAliasAsync(AliasEvent alias, CancellationToken cancellationToken = default) =>
        await InTransactionAsync("record an alias in", async tx => await InsertAliasAsync(alias, tx, cancellationToken), cancellationToken);

    public Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync($"record {what} in", async tx =>
        {
            await CheckAsync(basis, tx, cancellationToken);
            var added = 0;
            foreach (var version in versions)
            {
                added += await InsertVersionAsync(version, tx, cancellationToken) ? 1 : 0;
            }

            foreach (var e in stages)
            {
                await InsertStageAsync(e, tx, cancellationToken);
            }

            foreach (var alias in aliases)
            {
                await InsertAliasAsync(alias, tx, cancellationToken);
            }

            var report = verdict(added);
            await ledger.InsertVerdictAsync(report, tx, cancellationToken);
            return report;
        }, cancellationToken);

    public Task RecordDrillAsync(Drill drill, Report verdict, CancellationToken cancellationToken = default) =>
        InTransactionAsync("record a drill in", async tx =>
        {
            await using var insert = Command(
                "INSERT INTO drills (service, ok, duration_ms, at, detail) VALUES ($service, $ok, $duration, $at, $detail)",
                tx,
                ("$service", drill.Service), ("$ok", drill.Ok ? 1 : 0), ("$duration", drill.Duration is { } d ? (long)d.TotalMilliseconds : null),
                ("$at", drill.At.ToUnixTimeMilliseconds()), ("$detail", drill.Detail));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return await ledger.InsertVerdictAsync(verdict, tx, cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<AliasEvent>> AliasesAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT name, alias, version, at, source FROM model_aliases WHERE name = $name ORDER BY at, id", null, ("$name", name));
        return await CommandRows.ReadAllAsync<SqliteDataReader, AliasEvent>(command, r =>
            new AliasEvent(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))) { Source = r.GetString(4) },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed only when it returns; a driver error is one line.</summary>
    private async Task<T> InTransactionAsync<T>(string action, Func<SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var tx = (SqliteTransaction)await Connection.BeginTransactionAsync(cancellationToken);
            var result = await work(tx);
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, ledger.Path, action, Connection);
        }
    }

    /// <summary>A version and its datasets; false (nothing written) when NAME@VERSION is already registered.</summary>
    private async Task<bool> InsertVersionAsync(ModelVersion version, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using var insert = Command(
            """
            INSERT INTO model_versions (name, version, artifact_digest, artifact_path, code_commit, params, metrics, run_id, source, registered_at)
            VALUES ($name, $version, $digest, $path, $commit, $params, $metrics, $run, $source, $at)
            ON CONFLICT (name, version) DO NOTHING RETURNING id
            """,
            tx,
            ("$name", version.Name), ("$version", version.Version), ("$digest", version.ArtifactDigest), ("$path", version.ArtifactPath),
            ("$commit", version.CodeCommit), ("$params", version.Params), ("$metrics", version.Metrics), ("$run", version.RunId),
            ("$source", version.Source), ("$at", version.RegisteredAt?.ToUnixTimeMilliseconds()));
        if (await insert.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return false;
        }

        foreach (var dataset in version.Datasets.DistinctBy(d => (d.Digest, d.Path)))
        {
            await using var row = Command(
                "INSERT INTO model_datasets (model_version_id, digest, path, kind, bytes, files) VALUES ($id, $digest, $path, $kind, $bytes, $files)",
                tx,
                ("$id", id), ("$digest", dataset.Digest), ("$path", dataset.Path), ("$kind", dataset.Kind), ("$bytes", dataset.Bytes), ("$files", dataset.Files));
            await row.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }

    // Inside the transaction, which holds the write lock from its start (BEGIN IMMEDIATE): no writer moves in between.
    private async Task CheckAsync(StageBasis? basis, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        foreach (var each in basis?.Each() ?? [])
        {
            await using (var count = Command(StageBasis.CountSql, tx, ("$1", each.Name), ("$2", ModelStages.Shadow)))
            {
                each.Check((long)(await count.ExecuteScalarAsync(cancellationToken))!);
            }

            if (each.Aliases is not null)
            {
                await using var aliases = Command(StageBasis.AliasCountSql, tx, ("$1", each.Name));
                each.CheckAliases((long)(await aliases.ExecuteScalarAsync(cancellationToken))!);
            }
        }
    }

    private async Task<int> InsertStageAsync(StageEvent e, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using var insert = Command(
            "INSERT INTO model_stages (name, version, stage, at, actor, reason) VALUES ($name, $version, $stage, $at, $actor, $reason)",
            tx,
            ("$name", e.Name), ("$version", e.Version), ("$stage", e.Stage), ("$at", e.At.ToUnixTimeMilliseconds()), ("$actor", e.Actor), ("$reason", e.Reason));
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> InsertAliasAsync(AliasEvent alias, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using var insert = Command(
            "INSERT INTO model_aliases (name, alias, version, at, source) VALUES ($name, $alias, $version, $at, $source)",
            tx,
            ("$name", alias.Name), ("$alias", alias.Alias), ("$version", alias.Version), ("$at", alias.At.ToUnixTimeMilliseconds()), ("$source", alias.Source));
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The versions matching <paramref name="filter"/> with their datasets, read in one deferred (read) transaction: both
    /// statements see the same snapshot, so a version committed between them is never read without its datasets.
    /// </summary>
    private async Task<IReadOnlyList<ModelVersion>> ReadAsync(string filter, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var tx = Connection.BeginTransaction(deferred: true);
        var datasets = new Dictionary<long, List<DatasetInput>>();
        await using (var command = Command(
            $"SELECT d.model_version_id, d.digest, d.path, d.kind, d.bytes, d.files FROM model_datasets d WHERE d.model_version_id IN (SELECT v.id FROM model_versions v WHERE {filter}) ORDER BY d.model_version_id, d.path",
            tx,
            parameters))
        {
            await CommandRows.ReadAllAsync<SqliteDataReader, int>(command, r =>
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

        await using var versions = Command($"SELECT {Columns} FROM model_versions v WHERE {filter} ORDER BY v.registered_at NULLS FIRST, v.id", tx, parameters);
        return await CommandRows.ReadAllAsync<SqliteDataReader, ModelVersion>(versions, r =>
            new ModelVersion(r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)))
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
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string? Text(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
