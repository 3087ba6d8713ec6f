using Tollgate.Domain.Ledger;
using System.Runtime.CompilerServices;

namespace Tollgate.Ledger.Delivery;

/// <summary>The delivery tables of an open ledger, in the ledger's own dialect.</summary>
public static class DeliveryStore
{
    public static IDeliveryStore Of(ILedger ledger) =>
        ledger is SqliteLedger sqlite ? new SqliteDeliveryStore(sqlite.Connection, sqlite.Path) : OfPostgres(ledger);

    /// <summary>Out of line, so a SQLite run never loads Npgsql (see <see cref="LedgerLocation"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDeliveryStore OfPostgres(ILedger ledger) =>
        ledger is PostgresLedger postgres
            ? new PostgresDeliveryStore(postgres)
            : throw new ArgumentException($"no delivery store for {ledger.GetType().Name}", nameof(ledger));
}
