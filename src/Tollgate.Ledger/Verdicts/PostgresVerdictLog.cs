using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Verdicts;

/// <summary>The verdicts table of the PostgreSQL ledger.</summary>
internal sealed class PostgresVerdictLog(PostgresLedger ledger) : IVerdictLog
{
    private const string Columns = "id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary::text, findings::text, approvals_read, approver_path";

    public Task<IReadOnlyList<LedgerEntry>> ListAsync(VerdictQuery query, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read verdicts from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            return await db.QueryAsync(
                $"""
                SELECT {Columns} FROM verdicts
                WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR subject = $2) AND ($3::text IS NULL OR verdict = $3)
                  AND ($4::timestamptz IS NULL OR recorded_at >= $4) AND ($5::timestamptz IS NULL OR recorded_at < $5)
                  AND ($6::bigint IS NULL OR id < $6)
                ORDER BY id DESC LIMIT $7
                """,
                PostgresLedger.Entry,
                cancellationToken,
                query.Kind,
                query.Subject,
                query.Verdict,
                Typed(query.From?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz),
                Typed(query.To?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz),
                Typed(query.Before, NpgsqlTypes.NpgsqlDbType.Bigint),
                query.Limit);
        });

    // verdicts_by_subject (subject, id) read backwards: the subject's newest verdicts first, kind and time as filters.
    public Task<LedgerEntry?> NewestAsync(string kind, string subject, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        FirstAsync($"SELECT {Columns} FROM verdicts WHERE subject = $1 AND kind = $2 AND recorded_at >= $3 ORDER BY id DESC LIMIT 1",
            cancellationToken, subject, kind, since.ToUniversalTime());

    // verdicts_by_input (input_digest, id) read backwards: the input's newest verdict first, kind as a filter.
    public Task<LedgerEntry?> NewestOfInputAsync(string kind, string inputDigest, CancellationToken cancellationToken = default) =>
        FirstAsync($"SELECT {Columns} FROM verdicts WHERE input_digest = $1 AND kind = $2 ORDER BY id DESC LIMIT 1", cancellationToken, inputDigest, kind);

    public Task<LedgerEntry?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        FirstAsync($"SELECT {Columns} FROM verdicts WHERE id = $1", cancellationToken, id);

    /// <summary>The one verdict <paramref name="sql"/> reads, or null.</summary>
    private Task<LedgerEntry?> FirstAsync(string sql, CancellationToken cancellationToken, params object?[] parameters) =>
        ledger.GuardAsync("read verdicts from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            var rows = await db.QueryAsync(sql, PostgresLedger.Entry, cancellationToken, parameters);
            return rows.Count > 0 ? rows[0] : null;
        });

    public Task<FigureRead> FiguresAsync(IReadOnlyList<long> verdicts, IReadOnlyList<string> measures, int limit, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read figures from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            var wanted = measures.ToArray();
            var rows = new List<StoredFigure>();
            for (var i = 0; i < verdicts.Count; i++)
            {
                var remaining = limit - rows.Count;
                var read = await db.QueryAsync(
                    """
                    SELECT verdict_id, ordinal, address, slice, test, flagged, measure, value FROM report_figures
                    WHERE verdict_id = $1 AND measure = ANY($2::text[]) ORDER BY ordinal, measure LIMIT $3
                    """,
                    r => new StoredFigure(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetString(6), r.GetDouble(7)),
                    cancellationToken,
                    verdicts[i],
                    wanted,
                    remaining);
                if (read.Count < remaining)
                {
                    rows.AddRange(read);
                    continue;
                }

                // The limit is reached at this verdict: count what this one and the rest hold, read no more.
                var total = rows.Count + await db.ScalarAsync(
                    "SELECT COUNT(*) FROM report_figures WHERE verdict_id = ANY($1::bigint[]) AND measure = ANY($2::text[])",
                    null,
                    cancellationToken,
                    verdicts.Skip(i).ToArray(),
                    wanted);
                rows.AddRange(read);
                return new FigureRead(rows, total);
            }

            return new FigureRead(rows, rows.Count);
        });

    /// <summary>A null of the column's own type, so PostgreSQL can infer the parameter.</summary>
    private static object Typed(object? value, NpgsqlTypes.NpgsqlDbType type) =>
        new Npgsql.NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
