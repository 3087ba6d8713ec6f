using Microsoft.Data.Sqlite;
using Tollgate.Domain;
using Tollgate.Ledger.Migrations;

namespace Tollgate.Ledger;

public sealed partial class SqliteLedger
{
    /// <summary>
    /// Opens a ledger that cannot be written, to read what it holds: a file on a read-only mount (a ledger kept as a
    /// build's artifact, a volume mounted read-only) or one this user may only read. SQLite reads a WAL-mode file
    /// read-only only beside its <c>-shm</c> index or where it may create one; on a read-only file system with no
    /// write-ahead log left (the last writer closed it, so everything is in the file) the file cannot change under
    /// the reader, and it is opened as immutable (https://www.sqlite.org/uri.html#uriimmutable). A log that is there
    /// and cannot be read this way is refused rather than passed over, as are tables older than this binary's, which
    /// only a writable open brings up to date, and a file with no tables yet; another program's tables and a newer Tollgate's
    /// schema are refused as a writable open refuses them (<see cref="Migrations.SqliteSchema"/>). Anything that would
    /// write says the ledger is read-only.
    /// </summary>
    private static async Task<SqliteLedger> OpenReadOnlyAsync(string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        SqliteConnection? connection = null;
        try
        {
            try
            {
                connection = await ReadOnlyConnectionAsync(path, immutable: false, cancellationToken);
            }
            catch (SqliteException e) when (CannotWrite(e) && !LogLeft(path))
            {
                connection = await ReadOnlyConnectionAsync(path, immutable: true, cancellationToken);
            }

            var latest = Migration.For("Sqlite")[^1].Version;
            var version = await SqliteSchema.VersionAsync(connection, path, cancellationToken);
            if (version < latest)
            {
                throw new InvalidInputException(version == 0
                    ? $"cannot read the ledger at {path}: it is read-only here and has no tables yet (nothing was recorded in it); give the ledger the records are in"
                    : $"cannot read the ledger at {path}: it is read-only here and its tables are from an older tollgate (schema {version}, this one reads {latest}); open it once where it can be written, which brings it up to date, or give a writable copy") { LedgerFault = true };
            }

            var ledger = new SqliteLedger(connection, clock) { Path = path };
            connection = null;
            return ledger;
        }
        catch (SqliteException e) when (CannotWrite(e) && LogLeft(path))
        {
            throw new InvalidInputException(
                $"cannot read the ledger at {path}: it is read-only here and its write-ahead log ({path}-wal) holds records SQLite cannot read without writing its index; open it once where it can be written, or copy the ledger with its -wal file somewhere writable") { LedgerFault = true };
        }
        catch (SqliteException e)
        {
            throw SqliteFault.Describe(e, path, "open");
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<SqliteConnection> ReadOnlyConnectionAsync(string path, bool immutable, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? "file:" + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1" : path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
            await connection.ScalarAsync("SELECT COUNT(*) FROM sqlite_master", cancellationToken); // reads the file: a WAL index that cannot be had fails here
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // SQLITE_READONLY or SQLITE_CANTOPEN (of any extended kind): what a ledger SQLite may not write (or whose
    // write-ahead index it may not make) gives.
    private static bool CannotWrite(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 8 or 14;

    // A file this process may read (one it may not is refused as it was, naming the permission).
    private static bool Readable(string path)
    {
        try
        {
            using var probe = File.OpenRead(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A write-ahead log with frames in it: records that are not in the file yet.
    private static bool LogLeft(string path) => new FileInfo(path + "-wal") is { Exists: true, Length: > 0 };
}
