using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Verdicts;

/// <summary>The verdicts table of the SQLite ledger; times compare as the ISO 8601 UTC text they are stored as.</summary>
internal sealed class SqliteVerdictLog(SqliteLedger ledger) : IVerdictLog
{
    private const string Columns = "id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings, approvals_read, approver_path";

    /// <summary>
    /// <see cref="NewestAsync"/>'s statement. <c>+kind</c>, <c>+recorded_at</c>: filters only, so the planner walks
    /// verdicts_by_subject (subject, id) newest first rather than verdicts_by_kind_time, which would read and sort
    /// every verdict of the kind since then.
    /// </summary>
    internal const string NewestSql =
        $"SELECT {Columns} FROM verdicts WHERE subject = $subject AND +kind = $kind AND +recorded_at >= $since ORDER BY id DESC LIMIT 1";

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(VerdictQuery query, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ledger.Connection.QueryAsync(
                $"""
                SELECT {Columns} FROM verdicts
                WHERE ($kind IS NULL OR kind = $kind) AND ($subject IS NULL OR subject = $subject) AND ($verdict IS NULL OR verdict = $verdict)
                  AND ($from IS NULL OR recorded_at >= $from) AND ($to IS NULL OR recorded_at < $to) AND ($before IS NULL OR id < $before)
                ORDER BY id DESC LIMIT $limit
                """,
                SqliteLedger.Entry,
                cancellationToken,
                ("$kind", query.Kind),
                ("$subject", query.Subject),
                ("$verdict", query.Verdict),
                ("$from", Text(query.From)),
                ("$to", Text(query.To)),
                ("$before", query.Before),
                ("$limit", query.Limit));
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, ledger.Path, "read verdicts from");
        }
    }

    public Task<LedgerEntry?> NewestAsync(string kind, string subject, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        FirstAsync(NewestSql, cancellationToken, ("$subject", subject), ("$kind", kind), ("$since", Text(since)));

    /// <summary>
    /// <see cref="NewestOfInputAsync"/>'s statement: <c>+kind</c> a filter only, so the planner walks verdicts_by_input
    /// (input_digest, id) newest first (<c>input_digest =</c> implies its partial index's <c>IS NOT NULL</c>).
    /// </summary>
    internal const string NewestOfInputSql =
        $"SELECT {Columns} FROM verdicts WHERE input_digest = $input AND +kind = $kind ORDER BY id DESC LIMIT 1";

    public Task<LedgerEntry?> NewestOfInputAsync(string kind, string inputDigest, CancellationToken cancellationToken = default) =>
        FirstAsync(NewestOfInputSql, cancellationToken, ("$input", inputDigest), ("$kind", kind));

    public Task<LedgerEntry?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        FirstAsync($"SELECT {Columns} FROM verdicts WHERE id = $id", cancellationToken, ("$id", id));

    /// <summary>The one verdict <paramref name="sql"/> reads, or null.</summary>
    private async Task<LedgerEntry?> FirstAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        try
        {
            var rows = await ledger.Connection.QueryAsync(sql, SqliteLedger.Entry, cancellationToken, parameters);
            return rows.Count > 0 ? rows[0] : null;
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, ledger.Path, "read verdicts from");
        }
    }

    public async Task<FigureRead> FiguresAsync(IReadOnlyList<long> verdicts, IReadOnlyList<string> measures, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            var wanted = "[" + string.Join(",", measures.Select(m => "\"" + System.Text.Json.JsonEncodedText.Encode(m) + "\"")) + "]";
            var rows = new List<StoredFigure>();
            for (var i = 0; i < verdicts.Count; i++)
            {
                var remaining = limit - rows.Count;
                var read = await ledger.Connection.QueryAsync(
                    """
                    SELECT verdict_id, ordinal, address, slice, test, flagged, measure, value FROM report_figures
                    WHERE verdict_id = $verdict AND measure IN (SELECT value FROM json_each($measures))
                    ORDER BY ordinal, measure LIMIT $limit
                    """,
                    r => new StoredFigure(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, r.GetString(6), r.GetDouble(7)),
                    cancellationToken,
                    ("$verdict", verdicts[i]),
                    ("$measures", wanted),
                    ("$limit", remaining));
                if (read.Count < remaining)
                {
                    rows.AddRange(read);
                    continue;
                }

                // The limit is reached at this verdict: count what this one and the rest hold, read no more.
                var total = rows.Count + await ledger.Connection.ScalarAsync(
                    """
                    SELECT COUNT(*) FROM report_figures
                    WHERE verdict_id IN (SELECT value FROM json_each($verdicts)) AND measure IN (SELECT value FROM json_each($measures))
                    """,
                    cancellationToken,
                    ("$verdicts", "[" + string.Join(",", verdicts.Skip(i).Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]"),
                    ("$measures", wanted));
                rows.AddRange(read);
                return new FigureRead(rows, total);
            }

            return new FigureRead(rows, rows.Count);
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, ledger.Path, "read figures from");
        }
    }

    private static string? Text(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
