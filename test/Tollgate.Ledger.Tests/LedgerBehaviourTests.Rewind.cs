using Tollgate.Ledger.Migrations;

namespace Tollgate.Ledger.Tests;

/// <summary>The upgrade tests' <see cref="LedgerRewind"/>: every step it undoes comes back as a fresh ledger has it.</summary>
public abstract partial class LedgerBehaviourTests
{
    [Fact]
    public void LedgerRewind_EveryStepFromTheOldestUndoable_HasAnUndo()
    {
        LedgerRewind.MissingUndos(Dialect).Select(m => $"{m.Version:D4}_{m.Name}").ShouldBeEmpty("a new migration step needs its undo in LedgerRewind");
    }

    [Fact]
    public async Task LedgerRewind_BeforeTheOldestUndoableStep_UpgradesToTheSchemaOfAFreshLedger()
    {
        await using (await OpenAsync())
        {
        }

        var fresh = await SchemaAsync();
        var oldest = Migration.For(Dialect).First(m => m.Version >= LedgerRewind.OldestUndoable);

        await ExecuteAsync(LedgerRewind.Before(Dialect, oldest.Name));
        var rewound = await SchemaAsync();
        await using (await OpenAsync())
        {
        }

        rewound.ShouldNotContain("report_figures");
        rewound.ShouldNotContain("approvals_read");
        (await SchemaAsync()).ShouldBe(fresh);
        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count);
    }

    [Fact]
    public void LedgerRewind_StepOlderThanItsUndos_Throws()
    {
        var older = Migration.For(Dialect).Last(m => m.Version < LedgerRewind.OldestUndoable);

        Should.Throw<InvalidOperationException>(() => LedgerRewind.Before(Dialect, older.Name)).Message.ShouldContain("rewinds reach back to step 0007 only");
    }
}
