using Tollgate.Domain;

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
            throw new InvalidInputException("PostgreSQL ledgers are not available in this build yet; use a SQLite path or leave --ledger out");
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
