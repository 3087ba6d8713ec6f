using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// Promote and rollback record their verdict and the stage moves it calls for in one transaction, a drill the drill and
/// its verdict: a ledger that refuses either write records neither, and says so in one line (exit 3). Where a hook has
/// already moved serving (rollback, drill), the line says what serves and what the ledger shows.
/// </summary>
public sealed class RecordedTogetherTests
{
    /// <summary>fraud@1 in production (promoted with --initial), fraud@2 registered, a fresh drill of the model.</summary>
    private static async Task<ModelLedger> WithLiveVersionOneAsync()
    {
        var m = await ModelLedger.WithFraudVersionsAsync();
        (await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@1") { Initial = true }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        m.Clock.Advance(TimeSpan.FromDays(1));
        await m.Drills.RecordDrillAsync(new Drill("model:fraud", true, TimeSpan.FromSeconds(3), m.Clock.GetUtcNow()));
        return m;
    }

    /// <summary>As <see cref="WithLiveVersionOneAsync"/>, then fraud@2 replaced fraud@1 in production an hour later.</summary>
    private static async Task<ModelLedger> WithVersionTwoLiveAsync()
    {
        var m = await WithLiveVersionOneAsync();
        m.Clock.Advance(TimeSpan.FromHours(1));
        var at = m.Clock.GetUtcNow();
        await m.Registry.RecordStagesAsync([new StageEvent("fraud", "1", ModelStages.Retired, at), new StageEvent("fraud", "2", ModelStages.Production, at)]);
        m.Clock.Advance(TimeSpan.FromHours(1));
        return m;
    }

    [Fact]
    public async Task Promote_ToCanary_RecordsTheVerdictAndTheStageMoveItNames()
    {
        await using var m = await WithLiveVersionOneAsync();

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { To = "canary" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var moved = (await m.Registry.StagesAsync("fraud"))[^1];
        (moved.Version, moved.Stage, moved.Reason, moved.At).ShouldBe(("2", ModelStages.Canary, report.Reason, m.Clock.GetUtcNow()));
        var recorded = (await m.Ledger.RecentAsync(PromoteGate.Kind, 10)).Select(v => (v.Subject, v.Verdict)).ToList();
        recorded.ShouldBe([("fraud@2 → canary", "pass"), ("fraud@1 → production", "pass")], ignoreOrder: true);
    }

    [Theory]
    [InlineData("verdicts", "NEW.kind = 'model-promote'")]
    [InlineData("model_stages", "1")]
    public async Task Promote_LedgerRefusesTheVerdictOrTheStageMove_RecordsNeitherAndSaysSoInOneLine(string table, string when)
    {
        await using var m = await WithLiveVersionOneAsync();
        var before = await m.Registry.StagesAsync("fraud");
        await m.RefuseAsync(table, when);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { To = "canary" }, m.Context()));

        error.Message.ShouldStartWith($"cannot record a promotion in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldContain($"{table} refused");
        error.Message.ShouldNotContain('\n');
        (await m.Registry.StagesAsync("fraud")).ShouldBe(before, "no stage move without its verdict");
        (await m.Ledger.RecentAsync(PromoteGate.Kind, 10)).ShouldHaveSingleItem().Subject.ShouldBe("fraud@1 → production", "no verdict without its stage move");
    }

    [Fact]
    public async Task Rollback_NoHook_RecordsTheVerdictAndBothStageMoves()
    {
        await using var m = await WithVersionTwoLiveAsync();

        var report = await new ModelRollback(m.Registry).RunAsync("fraud", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context(), actor: "ops");

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var moves = (await m.Registry.StagesAsync("fraud")).Where(e => e.At == m.Clock.GetUtcNow()).Select(e => (e.Version, e.Stage, e.Actor)).ToList();
        moves.ShouldBe([("2", ModelStages.Retired, "ops"), ("1", ModelStages.Production, "ops")]);
        var recorded = (await m.Ledger.RecentAsync(ModelRollback.Kind, 10)).ShouldHaveSingleItem();
        (recorded.Verdict, recorded.Digest).ShouldBe(("pass", report.Digest));
    }

    [Theory]
    [InlineData("verdicts", "NEW.kind = 'model-rollback'")]
    [InlineData("model_stages", "NEW.stage = 'production'")]
    public async Task Rollback_LedgerRefusesTheVerdictOrAStageMove_RecordsNeitherAndSaysSoInOneLine(string table, string when)
    {
        await using var m = await WithVersionTwoLiveAsync();
        var before = await m.Registry.StagesAsync("fraud");
        await m.RefuseAsync(table, when);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new ModelRollback(m.Registry).RunAsync("fraud", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldStartWith($"cannot record a rollback in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldContain($"{table} refused");
        error.Message.ShouldNotContain('\n');
        var after = await m.Registry.StagesAsync("fraud");
        after.ShouldBe(before, "neither the retirement nor the production move without the verdict");
        ModelStages.LiveAt(after, m.Clock.GetUtcNow()).ShouldBe("2");
        (await m.Ledger.RecentAsync(ModelRollback.Kind, 10)).ShouldBeEmpty("no verdict without its stage moves");
    }

    [Fact]
    public async Task Rollback_HookMovedServingThenTheLedgerRefuses_SaysWhichServesAndHowToRecordIt()
    {
        await using var m = await WithVersionTwoLiveAsync();
        await m.RefuseAsync("model_stages");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelRollback(m.Registry).RunAsync("fraud", null, "echo {version} > served", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        File.ReadAllText(m.Dir.File("served")).Trim().ShouldBe("1", "the hook ran before the record was refused");
        error.Message.ShouldStartWith($"cannot record a rollback in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldEndWith("; the hook already serves fraud@1 while the ledger still shows fraud@2 in production: once the ledger records again, run tollgate model rollback fraud --to 1 without --exec");
        error.Message.ShouldNotContain('\n');
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("2");
    }

    [Fact]
    public async Task Drill_LedgerRefusesTheRollBack_ServesTheLiveVersionAgainAndStops()
    {
        await using var m = await WithVersionTwoLiveAsync();
        var before = await m.Registry.StagesAsync("fraud");
        await m.RefuseAsync("model_stages", "NEW.reason LIKE 'drill: rolled back%'");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelDrill(m.Registry).RunAsync("fraud", "echo {version} >> served", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        File.ReadAllLines(m.Dir.File("served")).ShouldBe(["1", "2"], "rolled back, then served again when the ledger refused");
        error.Message.ShouldEndWith("; the drill stopped: fraud@2 is served again, as the ledger shows");
        error.Message.ShouldNotContain('\n');
        (await m.Registry.StagesAsync("fraud")).ShouldBe(before);
    }

    [Fact]
    public async Task Drill_LedgerRefusesTheRollForward_SaysTheLedgerShowsThePreviousVersion()
    {
        await using var m = await WithVersionTwoLiveAsync();
        await m.RefuseAsync("model_stages", "NEW.reason LIKE 'drill: rolled forward%'");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelDrill(m.Registry).RunAsync("fraud", "echo {version} >> served", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        File.ReadAllLines(m.Dir.File("served")).ShouldBe(["1", "2"]);
        error.Message.ShouldEndWith("; the drill stopped: fraud@2 is served again while the ledger shows fraud@1 in production: once the ledger records again, run tollgate model rollback fraud --to 2 without --exec");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1", "the roll back was recorded, the roll forward was not");
    }

    [Theory]
    [InlineData("verdicts", "NEW.kind = 'model-drill'")]
    [InlineData("drills", "1")]
    public async Task Drill_LedgerRefusesTheDrillOrItsVerdict_RecordsNeitherAndSaysHowToRecordIt(string table, string when)
    {
        await using var m = await WithVersionTwoLiveAsync();
        var drills = await m.Drills.DrillsAsync("model:fraud");
        await m.RefuseAsync(table, when);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelDrill(m.Registry).RunAsync("fraud", "echo {version} >> served", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        File.ReadAllLines(m.Dir.File("served")).ShouldBe(["1", "2"], "the drill ran to its end");
        error.Message.ShouldStartWith($"cannot record a drill in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldContain($"{table} refused");
        error.Message.ShouldContain("; the drill passed and its stage moves are recorded (fraud@2 in production), but neither the drill nor its verdict: once the ledger records again, run tollgate drill record model:fraud --result ok --duration ");
        error.Message.ShouldEndWith($"ms --at {Domain.Rfc3339.Format(m.Clock.GetUtcNow())} (or drill again)");
        error.Message.ShouldNotContain('\n');
        (await m.Drills.DrillsAsync("model:fraud")).ShouldBe(drills, "no drill without its verdict");
        (await m.Ledger.RecentAsync(ModelDrill.Kind, 10)).ShouldBeEmpty("no verdict without its drill");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("2", "the stage moves were recorded as they were made");
    }

    [Fact]
    public async Task Drill_Recorded_TheDrillAndItsVerdictAreBothInTheLedger()
    {
        await using var m = await WithVersionTwoLiveAsync();

        var report = await new ModelDrill(m.Registry).RunAsync("fraud", "true", "false", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        var drill = (await m.Drills.DrillsAsync("model:fraud"))[^1];
        (drill.Ok, drill.At).ShouldBe((false, m.Clock.GetUtcNow()));
        drill.Detail.ShouldStartWith("serve 1 ");
        (await m.Ledger.RecentAsync(ModelDrill.Kind, 10)).ShouldHaveSingleItem().Digest.ShouldBe(report.Digest);
    }
}
