using System.Runtime.CompilerServices;

namespace Tollgate.Ledger;

/// <summary>
/// Resolves <c>--ledger</c>: nothing means the SQLite file <c>.tollgate/ledger.db</c> under the working directory,
/// a <c>postgres://</c> URL or a <c>Host=…</c> string means PostgreSQL, anything else is a SQLite path.
/// </summary>
public static class LedgerLocation
{
    public const string DefaultRelativePath = ".tollgate/ledger.db";

    public static async Task<ILedger> OpenAsync(string? connection, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (IsPostgres(connection))
        {
            return await OpenPostgresAsync(connection!, clock, cancellationToken);
        }

        var path = string.IsNullOrWhiteSpace(connection)
            ? Path.Combine(workingDirectory, DefaultRelativePath)
            : Path.GetFullPath(StripSqlitePrefix(connection), workingDirectory);
        return await SqliteLedger.OpenAsync(path, clock, cancellationToken);
    }

    public static bool IsPostgres(string? connection) =>
        connection is not null
        && (connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Kept out of line so that the SQLite path never compiles a call into <see cref="PostgresLedger"/> and the
    /// Npgsql assembly is not loaded by a one-shot CLI run that records to SQLite.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<ILedger> OpenPostgresAsync(string connection, TimeProvider clock, CancellationToken cancellationToken) =>
        await PostgresLedger.OpenAsync(connection, clock, cancellationToken);

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
