using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger;

/// <summary>
/// The operating system's error number behind SQLite's last I/O error on a connection (<c>sqlite3_system_errno</c>):
/// what tells a full disk from a failing one where SQLite says only "disk I/O error", as when the ledger's <c>-shm</c>
/// index cannot be made or grown (<c>SQLITE_IOERR_SHMSIZE</c>, whatever the cause), or a write to the ledger or its
/// write-ahead log goes past the file-size limit (EFBIG: <c>SQLITE_IOERR_WRITE</c>). Null when it cannot be had.
/// </summary>
internal static class SqliteSystemError
{
    private const int TooLarge = 27; // EFBIG, on Linux and macOS
    private const int NoSpace = 28; // ENOSPC, on Linux and macOS
    private const int QuotaExceeded = 122; // EDQUOT, on Linux

    /// <summary>
    /// "the disk is full", the quota's words or the file-size limit's when the last I/O error on
    /// <paramref name="connection"/> was one; otherwise null.
    /// </summary>
    public static string? NoRoom(SqliteConnection? connection) => Of(connection) switch
    {
        NoSpace => "the disk is full",
        QuotaExceeded when OperatingSystem.IsLinux() => "this user's disk quota is used up",
        TooLarge when !OperatingSystem.IsWindows() => "the file would be too large (past the file-size limit, ulimit -f, or the largest file the file system holds)",
        _ => null,
    };

    /// <summary>
    /// True when the last I/O error on <paramref name="connection"/> was the system refusing the write (EPERM: a file
    /// made immutable; EACCES; EROFS: a file system remounted read-only), which SQLite reports only as "disk I/O error".
    /// </summary>
    public static bool Refused(SqliteConnection? connection) => !OperatingSystem.IsWindows() && Of(connection) is NotPermitted or AccessDenied or ReadOnlyFileSystem;

    private const int NotPermitted = 1; // EPERM
    private const int AccessDenied = 13; // EACCES
    private const int ReadOnlyFileSystem = 30; // EROFS

    private static int? Of(SqliteConnection? connection)
    {
        try
        {
            return connection?.Handle is { IsInvalid: false } handle ? SystemErrno(handle.DangerousGetHandle()) : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    // The SQLite library Microsoft.Data.Sqlite's bundle loads (the binary's libe_sqlite3.so beside it).
    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_system_errno")]
    private static extern int SystemErrno(nint database);
}
