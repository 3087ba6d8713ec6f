using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger;

/// <summary>
/// Whether the ledger's path still names the file a connection has open: SQLite's <c>SQLITE_FCNTL_HAS_MOVED</c>, which
/// on Unix is one <c>stat</c> of the path: moved when it fails or the path's inode is not the open file's (the inode
/// only, not the device: <c>fileHasMoved</c> in SQLite's
/// <see href="https://github.com/sqlite/sqlite/blob/master/src/os_unix.c">os_unix.c</see>), so a ledger deleted, renamed
/// or replaced (a backup moved over it) under a process that keeps it open is noticed before its writes go into a
/// file no path names any more. False when it cannot be asked (no such entry point, a closed connection).
/// </summary>
internal static class SqliteFileMoved
{
    private const int HasMoved = 20; // SQLITE_FCNTL_HAS_MOVED

    public static bool Of(SqliteConnection connection)
    {
        try
        {
            if (connection.Handle is not { IsInvalid: false } handle)
            {
                return false;
            }

            var moved = 0;
            return FileControl(handle.DangerousGetHandle(), "main", HasMoved, ref moved) == 0 && moved != 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    // The SQLite library Microsoft.Data.Sqlite's bundle loads (the binary's libe_sqlite3.so beside it).
    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(nint database, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string name, int op, ref int moved);
}
