using Microsoft.Data.Sqlite;
using SQLitePCL;
using System.Text;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// One prepared statement driven through SQLite's C API on the connection's handle, for the per-event inserts of an
/// ingest: a million events spend more in ADO.NET's per-execution bookkeeping (parameter objects, boxing, readers
/// for RETURNING) than in SQLite. Runs inside the connection's open transaction; an error is a <see cref="SqliteException"/>.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[256];

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds text as UTF-8, the ledger's encoding, so SQLite does not translate it from UTF-16 on every insert.</summary>
    public SqliteStatement Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return this;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, written)));
        return this;
    }

    public SqliteStatement Bind(int index, long? value)
    {
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    public SqliteStatement Bind(int index, byte[] value)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, value));
        return this;
    }

    /// <summary>Runs the statement; returns the rows it changed (0 when ON CONFLICT DO NOTHING skipped it).</summary>
    public int Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps a statement that returns rows (RETURNING): true while there is one; <see cref="Reset"/> ends it.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            raw.sqlite3_reset(_statement);
            throw new SqliteException(message, rc);
        }

        return false;
    }

    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>A column of the current row as an integer.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>A column of the current row as its bytes (UTF-8 for text), valid until the next step.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Whether a column of the current row is NULL.</summary>
    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>A text column of the current row (null for NULL), decoded from UTF-8 without a copy in between.</summary>
    public string? Text(int column) => IsNull(column) ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, column));

    /// <summary>A text column of the current row (null for NULL) as the one string <paramref name="names"/> keeps for its value.</summary>
    public string? Text(int column, Utf8Names names) => IsNull(column) ? null : names.Of(raw.sqlite3_column_blob(_statement, column));

    /// <summary>A column of the current row holding Unix milliseconds (null for NULL).</summary>
    public DateTimeOffset? Time(int column) => IsNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Int64(column));

    /// <summary>The rowid of the row the last successful insert on this connection added.</summary>
    public long LastRowId => raw.sqlite3_last_insert_rowid(_db);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }

    public void Dispose() => _statement.Dispose();
}
