using System.Runtime.CompilerServices;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Rollouts;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Ledger;

/// <summary>The tables a server reads and writes beyond <see cref="ILedger"/>, in the open ledger's own dialect.</summary>
public static class LedgerViews
{
    public static IVerdictLog Verdicts(ILedger ledger) =>
        ledger is SqliteLedger sqlite ? new SqliteVerdictLog(sqlite) : PostgresVerdicts(ledger);

    public static IRolloutEventLog RolloutEvents(ILedger ledger, TimeProvider clock) =>
        ledger is SqliteLedger sqlite ? new SqliteRolloutEventLog(sqlite, clock) : PostgresRolloutEvents(ledger, clock);

    /// <summary>Out of line, so a SQLite run never loads Npgsql (see <see cref="LedgerLocation"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IVerdictLog PostgresVerdicts(ILedger ledger) => new PostgresVerdictLog(Postgres(ledger));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IRolloutEventLog PostgresRolloutEvents(ILedger ledger, TimeProvider clock) => new PostgresRolloutEventLog(Postgres(ledger), clock);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PostgresLedger Postgres(ILedger ledger) =>
        ledger as PostgresLedger ?? throw new ArgumentException($"no server tables for {ledger.GetType().Name}", nameof(ledger));
}
