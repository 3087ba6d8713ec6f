using Microsoft.Data.Sqlite;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Ledger;

/// <summary>
/// Turns what SQLite reports about the ledger file into one line naming the file and the problem: conditions of the
/// environment (read-only, full disk, busy, corrupt, not a database), never "internal error".
/// </summary>
internal static class SqliteFault
{
    /// <param name="connection">The connection that failed, when there is one: a full disk is told from a failing one by
    /// the operating system's error behind SQLite's "disk I/O error" (<see cref="SqliteSystemError"/>).</param>
    public static InvalidInputException Describe(SqliteException e, string path, string doing, SqliteConnection? connection = null)
    {
        const string ReadOnly = "the ledger is read-only (the file, its directory or the file system): give a writable --ledger";
        var problem = (e.SqliteErrorCode & 0xFF) switch
        {
            8 => WalFiles.Blocking(path) ?? ReadOnly,
            13 => "the disk is full",
            5 or 6 => "the ledger is locked by another process for too long",
            11 => "the ledger file is corrupt",
            26 => "the file is not a SQLite database",
            14 => CannotOpen(path),
            10 => SqliteSystemError.NoRoom(connection) ?? (SqliteSystemError.Refused(connection) ? ReadOnly : "the disk reported an I/O error"),
            _ => null,
        };
        return new InvalidInputException($"cannot {doing} the ledger at {path}: {problem ?? FirstLine(e.Message)}", e) { LedgerFault = true };
    }

    /// <summary>
    /// Why SQLite could not open <paramref name="path"/>: a file that is there but may not be read and written says
    /// so (SQLite's own words suggest a missing directory); otherwise a missing or unwritable directory.
    /// </summary>
    private static string CannotOpen(string path)
    {
        const string Otherwise = "the file cannot be opened (a missing or unwritable directory?)";
        if (!File.Exists(path))
        {
            return Otherwise;
        }

        try
        {
            using var probe = File.Open(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied: the ledger is read and written, give a --ledger this user may read and write";
        }
        catch (IOException e)
        {
            return FileProblem.Describe(e, path);
        }

        return Otherwise;
    }

    private static string FirstLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
