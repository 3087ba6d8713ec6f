using System.Runtime.CompilerServices;
using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Registry;

/// <summary>The model registry tables of an open ledger, in the ledger's own dialect.</summary>
public static class ModelRegistry
{
    public static IModelRegistry Of(ILedger ledger) =>
        ledger is SqliteLedger sqlite ? new SqliteModelRegistry(sqlite) : OfPostgres(ledger);

    /// <summary>Out of line, so a SQLite run never loads Npgsql (see <see cref="LedgerLocation"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IModelRegistry OfPostgres(ILedger ledger) =>
        ledger is PostgresLedger postgres
            ? new PostgresModelRegistry(postgres)
            : throw new ArgumentException($"no model registry for {ledger.GetType().Name}", nameof(ledger));
}
