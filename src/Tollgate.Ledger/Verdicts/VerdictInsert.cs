using Microsoft.Data.Sqlite;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// The SQLite ledger's verdict insert, made once per connection and reused for every row: SQLite compiles the
/// statement on its first run and then only rebinds the twelve values (a server records thousands of verdicts a second
/// through it; compiling the SQL again for each row had been a visible part of a batch). Not for concurrent use: the
/// ledger's one connection is used by one caller at a time. Large findings (more than one segment of
/// <see cref="StoredJson"/>, e.g. a plan's 200,000 destroys) go in as a zero-filled TEXT value of their length that
/// the segments are then written into (SQLite's incremental BLOB I/O works on TEXT values too), inside the caller's
/// transaction: no managed string nor array of all their bytes. The column stays TEXT, so SQL's JSON functions read
/// every row alike.
/// </summary>
internal sealed class VerdictInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _at, _kind, _subject, _digest, _verdict, _exitCode, _reason, _summary, _findings, _read, _path, _input;

    public VerdictInsert(SqliteConnection connection)
    {
        _connection = connection;
        _command = connection.CreateCommand();
        _command.CommandText =
            """
            INSERT INTO verdicts (recorded_at, kind, subject, digest, verdict, exit_code, reason, summary, findings, approvals_read, approver_path, input_digest)
            VALUES ($at, $kind, $subject, $digest, $verdict, $exitCode, $reason, $summary,
                    CASE WHEN typeof($findings) = 'integer' THEN CAST(zeroblob($findings) AS TEXT) ELSE $findings END, $read, $path, $input)
            RETURNING id
            """;
        SqliteParameter Add(string name) => _command.Parameters.Add(new SqliteParameter(name, null));
        (_at, _kind, _subject, _digest, _verdict) = (Add("$at"), Add("$kind"), Add("$subject"), Add("$digest"), Add("$verdict"));
        (_exitCode, _reason, _summary, _findings) = (Add("$exitCode"), Add("$reason"), Add("$summary"), Add("$findings"));
        (_read, _path, _input) = (Add("$read"), Add("$path"), Add("$input"));
    }

    /// <summary>Whether the row's findings are written into a BLOB after the insert, which then needs a transaction.</summary>
    public static bool WritesInPieces(VerdictRow row) => row.StoredFindings.IsLarge;

    /// <summary>Inserts one verdict recorded at <paramref name="at"/> (ISO 8601 UTC text); its id.</summary>
    public async Task<long> RunAsync(VerdictRow row, string at, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var report = row.Report;
        _command.Transaction = transaction;
        _at.Value = at;
        _kind.Value = (object?)report.Kind ?? DBNull.Value;
        _subject.Value = (object?)report.Subject ?? DBNull.Value;
        _digest.Value = (object?)report.Digest ?? DBNull.Value;
        _verdict.Value = report.Verdict.WireName();
        _exitCode.Value = report.ExitCode;
        _reason.Value = (object?)report.Reason ?? DBNull.Value;
        _summary.Value = row.StoredSummary;
        _read.Value = report.ApprovalsRead is { } read ? (read ? 1 : 0) : DBNull.Value;
        _path.Value = (object?)report.ApprovalPath ?? DBNull.Value;
        _input.Value = (object?)report.InputDigest ?? DBNull.Value;
        var large = WritesInPieces(row);
        _findings.Value = large ? row.StoredFindings.Utf8Length : row.StoredFindings.ToString();
        var id = (long)(await _command.ExecuteScalarAsync(cancellationToken))!;
        if (large)
        {
            using var blob = new SqliteBlob(_connection, "verdicts", "findings", id);
            foreach (var segment in row.StoredFindings.Utf8Segments)
            {
                blob.Write(segment.Span);
            }
        }

        return id;
    }

    public void Dispose() => _command.Dispose();
}
