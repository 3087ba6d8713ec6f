using Tollgate.Ledger.Migrations;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// A ledger as it stood before one migration step, for upgrade tests: the SQL that undoes that step and every later
/// one, newest first, and deletes their <c>schema_migrations</c> rows. Each step's undo is written here once per
/// dialect; a step without one (a new step whose undo nobody wrote) fails every rewind past it and
/// <c>LedgerRewindTests</c>, instead of leaving its columns behind for the upgrade to trip over.
/// </summary>
internal static class LedgerRewind
{
    /// <summary>The oldest step a test may rewind to before; undoing the table rebuilds of earlier steps is not written.</summary>
    public const int OldestUndoable = 7;

    private static readonly Dictionary<string, Dictionary<string, string>> Undo = new(StringComparer.Ordinal)
    {
        ["Sqlite"] = new(StringComparer.Ordinal)
        {
            ["report_figures"] = "DROP TABLE report_figures",
            ["deploy_watch"] = "ALTER TABLE deploys DROP COLUMN watch",
            ["early_resolutions"] = "DROP TABLE incident_resolutions",
            ["first_shipment"] = "DROP INDEX deploy_changes_by_change", // its dora_dirty rows only ask for days to be recomputed
            ["verdicts_as_recorded"] = "", // SQLite's step changes nothing
            ["drop_deploy_changes_pending"] = "", // SQLite's step drops nothing
            ["deploys_watching"] = "DROP INDEX deploys_watching",
            ["verdict_approval_reads"] = "ALTER TABLE verdicts DROP COLUMN approvals_read; ALTER TABLE verdicts DROP COLUMN approver_path",
            ["deploys_held"] = "DROP INDEX deploys_held",
            ["deploys_lease"] = "ALTER TABLE deploys DROP COLUMN lease",
            ["model_registered_at_nullable"] = "ALTER TABLE model_versions ADD COLUMN registered_at_not_null INTEGER NOT NULL DEFAULT 0; "
                + "UPDATE model_versions SET registered_at_not_null = COALESCE(registered_at, 0); ALTER TABLE model_versions DROP COLUMN registered_at; "
                + "ALTER TABLE model_versions RENAME COLUMN registered_at_not_null TO registered_at",
            ["verdict_input_digest"] = "DROP INDEX verdicts_by_input; ALTER TABLE verdicts DROP COLUMN input_digest",
            ["deploys_amended"] = "ALTER TABLE deploys DROP COLUMN amended", // its dora_dirty rows only ask for days to be recomputed
        },
        ["Postgres"] = new(StringComparer.Ordinal)
        {
            ["report_figures"] = "DROP TABLE report_figures",
            ["deploy_watch"] = "ALTER TABLE deploys DROP COLUMN watch",
            ["early_resolutions"] = "DROP TABLE incident_resolutions",
            ["first_shipment"] = "DROP INDEX deploy_changes_by_change", // its dora_dirty rows only ask for days to be recomputed
            ["verdicts_as_recorded"] = "ALTER TABLE verdicts ALTER COLUMN summary TYPE jsonb, ALTER COLUMN findings TYPE jsonb",
            ["drop_deploy_changes_pending"] = "CREATE INDEX deploy_changes_pending ON deploy_changes (change_id) WHERE committed_at IS NULL",
            ["deploys_watching"] = "DROP INDEX deploys_watching",
            ["verdict_approval_reads"] = "ALTER TABLE verdicts DROP COLUMN approvals_read; ALTER TABLE verdicts DROP COLUMN approver_path",
            ["deploys_held"] = "DROP INDEX deploys_held",
            ["deploys_lease"] = "ALTER TABLE deploys DROP COLUMN lease",
            ["model_registered_at_nullable"] = "UPDATE model_versions SET registered_at = 'epoch' WHERE registered_at IS NULL; "
                + "ALTER TABLE model_versions ALTER COLUMN registered_at SET NOT NULL",
            ["verdict_input_digest"] = "DROP INDEX verdicts_by_input; ALTER TABLE verdicts DROP COLUMN input_digest",
            ["deploys_amended"] = "ALTER TABLE deploys DROP COLUMN amended", // its dora_dirty rows only ask for days to be recomputed
        },
    };

    /// <summary>
    /// The SQL that takes a current <paramref name="dialect"/> ledger back to the state the step before
    /// <paramref name="step"/> left it in. Throws when the step is unknown, older than <see cref="OldestUndoable"/>,
    /// or when it or a later step has no undo written here.
    /// </summary>
    public static string Before(string dialect, string step)
    {
        var migrations = Migration.For(dialect);
        var target = migrations.SingleOrDefault(m => m.Name == step)
            ?? throw new InvalidOperationException($"{dialect} has no migration step named '{step}'");
        if (target.Version < OldestUndoable)
        {
            throw new InvalidOperationException($"{dialect} step {target.Version:D4}_{step}: rewinds reach back to step {OldestUndoable:D4} only");
        }

        var missing = MissingUndos(dialect).Where(m => m.Version >= target.Version).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{dialect} has no undo for step(s) {string.Join(", ", missing.Select(m => $"{m.Version:D4}_{m.Name}"))}: write one in {nameof(LedgerRewind)}");
        }

        var undos = migrations.Where(m => m.Version >= target.Version).OrderByDescending(m => m.Version)
            .Select(m => Undo[dialect][m.Name]).Where(sql => sql.Length > 0);
        return string.Join("; ", undos.Append($"DELETE FROM schema_migrations WHERE version >= {target.Version}"));
    }

    /// <summary>The steps of <paramref name="dialect"/> from <see cref="OldestUndoable"/> on that have no undo here.</summary>
    public static IReadOnlyList<Migration> MissingUndos(string dialect)
    {
        var known = Undo.GetValueOrDefault(dialect) ?? [];
        return Migration.For(dialect).Where(m => m.Version >= OldestUndoable && !known.ContainsKey(m.Name)).ToList();
    }
}
