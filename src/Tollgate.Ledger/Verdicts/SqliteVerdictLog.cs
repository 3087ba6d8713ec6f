using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Verdicts;

/// <summary>The verdicts table of the SQLite ledger; times compare as the ISO 8601 UTC text they are stored as.</summary>
internal sealed class SqliteVerdictLog(SqliteLedger ledger) : IVerdictLog
{
    private const string Columns = "id, recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings";

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

    public async Task<LedgerEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        try
        {
            var rows = await ledger.Connection.QueryAsync($"SELECT {Columns} FROM verdicts WHERE id = $id", SqliteLedger.Entry, cancellationToken, ("$id", id));
            return rows.Count > 0 ? rows[0] : null;
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, ledger.Path, "read verdicts from");
        }
    }

    private static string? Text(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
