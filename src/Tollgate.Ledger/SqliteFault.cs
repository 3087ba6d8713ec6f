using Microsoft.Data.Sqlite;
using Tollgate.Domain;

namespace Tollgate.Ledger;

/// <summary>
/// Turns what SQLite reports about the ledger file into one line naming the file and the problem: conditions of the
/// environment (read-only, full disk, busy, corrupt, not a database), never "internal error".
/// </summary>
internal static class SqliteFault
{
    public static InvalidInputException Describe(SqliteException e, string path, string doing)
    {
        var problem = (e.SqliteErrorCode & 0xFF) switch
        {
            8 => "the ledger is read-only (the file, its directory or the file system): give a writable --ledger",
            13 => "the disk is full",
            5 or 6 => "the ledger is locked by another process for too long",
            11 => "the ledger file is corrupt",
            26 => "the file is not a SQLite database",
            14 => "the file cannot be opened (a missing or unwritable directory?)",
            10 => "the disk reported an I/O error",
            _ => null,
        };
        return new InvalidInputException($"cannot {doing} the ledger at {path}: {problem ?? FirstLine(e.Message)}", e) { LedgerFault = true };
    }

    private static string FirstLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
