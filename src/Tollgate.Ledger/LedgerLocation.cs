using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger;

/// <summary>
/// Resolves <c>--ledger</c>: nothing means the SQLite file <c>.tollgate/ledger.db</c> under the working directory,
/// a <c>postgres://</c> URL or a keyword string (<c>Host=…</c>, <c>Server = …;Database=…</c>: anything that starts
/// with <c>keyword=</c>) means PostgreSQL, another <c>scheme://</c> is an error, anything else is a SQLite path
/// (<c>sqlite:</c> before a path makes it one even if it looks like a keyword string).
/// </summary>
public static partial class LedgerLocation
{
    public const string DefaultRelativePath = ".tollgate/ledger.db";

    public static Task<ILedger> OpenAsync(string? connection, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken = default) =>
        OpenAsync(connection, workingDirectory, clock, null, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(string?, string, TimeProvider, CancellationToken)"/>; on PostgreSQL, a connection that sets
    /// no <c>command_timeout</c> gets <paramref name="statementLimit"/> (not its migrations), a statement that runs past it
    /// says where it was set, and <paramref name="wait"/> hears what the migrations wait for while they wait.
    /// </summary>
    public static async Task<ILedger> OpenAsync(string? connection, string workingDirectory, TimeProvider clock, StatementLimit? statementLimit, CancellationToken cancellationToken, StartupWait? wait = null)
    {
        if (IsPostgres(connection))
        {
            return await OpenPostgresAsync(connection!, clock, statementLimit, wait, cancellationToken);
        }

        return await SqliteLedger.OpenAsync(SqlitePath(connection, workingDirectory), clock, cancellationToken);
    }

    /// <summary>
    /// Opens a ledger that a command reads what was recorded from (a deploy to finish, a model's history, DORA's
    /// figures): a SQLite file that is not there is bad input (a mistyped <c>--ledger</c>, the wrong directory), not a
    /// new empty ledger that would answer "nothing recorded". A PostgreSQL ledger is opened as <see cref="OpenAsync"/> does.
    /// </summary>
    public static async Task<ILedger> OpenExistingAsync(string? connection, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (!IsPostgres(connection) && SqlitePath(connection, workingDirectory) is var path && !InputFile.Present(path))
        {
            throw new InvalidInputException(string.IsNullOrWhiteSpace(connection)
                ? $"there is no ledger in {workingDirectory} ({DefaultRelativePath}): nothing has been recorded here; run where the records are or pass --ledger"
                : $"--ledger {connection}: there is no ledger at {path}; nothing has been recorded there");
        }

        return await OpenAsync(connection, workingDirectory, clock, cancellationToken);
    }

    /// <summary>
    /// Opens a ledger that a command only reads (<c>dora</c>, <c>model live|lineage|which</c>): as
    /// <see cref="OpenExistingAsync"/>, and a SQLite file that cannot be written (a read-only mount, a file this user may
    /// only read) is read as it is rather than refused.
    /// </summary>
    public static async Task<ILedger> OpenForReadingAsync(string? connection, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (IsPostgres(connection))
        {
            return await OpenPostgresAsync(connection!, clock, null, null, cancellationToken);
        }

        var path = SqlitePath(connection, workingDirectory);
        if (!InputFile.Present(path))
        {
            return await OpenExistingAsync(connection, workingDirectory, clock, cancellationToken); // says there is none
        }

        return await SqliteLedger.OpenAsync(path, clock, readOnlyFallback: true, cancellationToken);
    }

    /// <summary>
    /// The SQLite file <paramref name="connection"/> names when it is not there yet (a command that records would
    /// create it: <see cref="NewLedger"/> builds it aside instead); null for PostgreSQL or a ledger already there.
    /// </summary>
    public static string? AbsentSqlitePath(string? connection, string workingDirectory) =>
        !IsPostgres(connection) && SqlitePath(connection, workingDirectory) is var path && !Path.Exists(path) ? path : null;

    /// <summary>The SQLite file a connection names (the default under the working directory); null for PostgreSQL.</summary>
    public static string? SqliteFile(string? connection, string workingDirectory) =>
        IsPostgres(connection) ? null : SqlitePath(connection, workingDirectory);

    private static string SqlitePath(string? connection, string workingDirectory) =>
        string.IsNullOrWhiteSpace(connection)
            ? Path.Combine(workingDirectory, DefaultRelativePath)
            : Path.GetFullPath(StripSqlitePrefix(connection), workingDirectory);

    /// <summary>True for a PostgreSQL URL or keyword string; throws for a URL of another scheme.</summary>
    public static bool IsPostgres(string? connection)
    {
        if (connection is not null && string.IsNullOrWhiteSpace(StripSqlitePrefix(connection)))
        {
            // An unset variable (--ledger "$LEDGER") would otherwise record into .tollgate/ledger.db here, apart from
            // the ledger meant: verdicts in one place, their approvals in another.
            throw EmptyValue.Error("--ledger", "give a SQLite path or a postgres:// URL, or leave --ledger out for .tollgate/ledger.db");
        }

        if (connection is null || connection.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || KeywordString().IsMatch(connection))
        {
            return true;
        }

        if (OtherScheme().Match(connection) is { Success: true } scheme)
        {
            throw new InvalidInputException(
                $"--ledger {scheme.Value}… is not a ledger Tollgate knows: give a SQLite path, a postgres:// URL or an Npgsql keyword string (Host=…;Database=…)");
        }

        return false;
    }

    /// <summary><c>keyword=</c> at the start (spaces allowed around it and inside, as in <c>User Id</c>).</summary>
    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z ]*\s*=")]
    private static partial Regex KeywordString();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex OtherScheme();

    /// <summary>
    /// Kept out of line so that the SQLite path never compiles a call into <see cref="PostgresLedger"/> and the
    /// Npgsql assembly is not loaded by a one-shot CLI run that records to SQLite.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<ILedger> OpenPostgresAsync(string connection, TimeProvider clock, StatementLimit? statementLimit, StartupWait? wait, CancellationToken cancellationToken) =>
        await PostgresLedger.OpenAsync(connection, clock, statementLimit, cancellationToken, wait);

    private static string StripSqlitePrefix(string connection)
    {
        foreach (var prefix in (string[])["sqlite://", "sqlite:"])
        {
            if (connection.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return connection[prefix.Length..];
            }
        }

        return connection;
    }
}
