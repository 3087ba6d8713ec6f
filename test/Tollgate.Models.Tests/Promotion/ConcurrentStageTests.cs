using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// A promotion, rollback or drill moves production only from the line it read: another writer's move in between (an
/// on-call rollback during a CI promotion) stops it with nothing recorded, where both used to land and the ledger
/// showed two versions entering production from one live version.
/// </summary>
public sealed class ConcurrentStageTests
{
    /// <summary>The real registry, where another writer records <paramref name="meanwhile"/> right after the first read of the stages.</summary>
    private sealed class RacedRegistry(IModelRegistry inner, IReadOnlyList<StageEvent> meanwhile) : PassThroughRegistry(inner)
    {
        private bool _raced;

        public override async Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default)
        {
            var read = await Inner.StagesAsync(name, cancellationToken);
            if (!_raced)
            {
                _raced = true;
                await Inner.RecordStagesAsync(meanwhile, null, cancellationToken);
            }

            return read;
        }
    }

    /// <summary>fraud@1, @2 and @3 registered; 1 then 2 promoted: the line is 1, 2.</summary>
    private static async Task<ModelLedger> TwoPromotedAsync()
    {
        var m = await ModelLedger.OpenAsync();
        m.Write("train.csv", "x\n1\n");
        foreach (var version in new[] { "1", "2", "3" })
        {
            m.Write($"model-{version}.bin", "weights " + version);
            (await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", version, $"model-{version}.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
        }

        var at = m.Clock.GetUtcNow();
        await m.Registry.RecordStagesAsync([new StageEvent("fraud", "1", ModelStages.Production, at)]);
        await m.Registry.RecordStagesAsync([new StageEvent("fraud", "1", ModelStages.Retired, at.AddHours(1)), new StageEvent("fraud", "2", ModelStages.Production, at.AddHours(1))]);
        m.Clock.Advance(TimeSpan.FromHours(2));
        return m;
    }

    [Fact]
    public async Task Rollback_AnotherWriterPromotesMeanwhile_RecordsNothingAndSaysTheHookAlreadyServes()
    {
        await using var m = await TwoPromotedAsync();
        var now = m.Clock.GetUtcNow();
        var raced = new RacedRegistry(m.Registry, [new StageEvent("fraud", "2", ModelStages.Retired, now), new StageEvent("fraud", "3", ModelStages.Production, now)]);

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new ModelRollback(raced).RunAsync("fraud", null, "echo serving {version} > served.txt", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldStartWith("fraud's stages changed while this ran (2 stage events recorded meanwhile, by another run (an import, promote, rollback or drill) of fraud): nothing recorded;");
        error.Message.ShouldEndWith("; the hook already serves fraud@1: if that should stand, run tollgate model rollback fraud --to 1 without --exec");
        File.ReadAllText(m.Dir.File("served.txt")).Trim().ShouldBe("serving 1");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), now).ShouldBe("3"); // the other writer's move stands alone
        (await m.Ledger.RecentAsync("model-rollback", 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Promote_AnotherWriterRollsBackMeanwhile_RecordsNeitherTheMoveNorTheVerdict()
    {
        await using var m = await TwoPromotedAsync();
        var now = m.Clock.GetUtcNow();
        var raced = new RacedRegistry(m.Registry, [new StageEvent("fraud", "2", ModelStages.Retired, now), new StageEvent("fraud", "1", ModelStages.Production, now)]);
        await using var alone = await TwoPromotedAsync();
        foreach (var ledger in new[] { m, alone })
        {
            ledger.Write("kpi.yaml", ModelFixtures.KpiSpec);
            ledger.Write("log.csv", "request_id,model_version,region,prediction,converted\n" + string.Concat(Enumerable.Range(0, 160_000).Select(i => $"r{i},{(i % 2 == 0 ? "2" : "3")},{(i % 4 < 2 ? "eu" : "us")},0.5,{(i / 4 % 10 == 0 ? 1 : 0)}\n")));
        }

        // Without the other writer, the same promotion passes and moves production from 2 to 3.
        var unraced = await new PromoteGate(alone.Registry, alone.Drills).RunAsync(new PromoteRequest("fraud@3") { Kpi = "kpi.yaml", Predictions = "log.csv" }, alone.Context());
        unraced.Verdict.ShouldBe(Verdict.Pass, unraced.Reason);

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new PromoteGate(raced, m.Drills).RunAsync(new PromoteRequest("fraud@3") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context()));

        StageBasis.Moved(error).ShouldBeTrue(error.Message);
        var stages = await m.Registry.StagesAsync("fraud");
        stages.Count.ShouldBe(5);
        ModelStages.LiveAt(stages, now).ShouldBe("1");
        (await m.Ledger.RecentAsync("model-promote", 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Drill_AnotherWriterPromotesMeanwhile_StopsAfterServingWhatTheLedgerNowShows()
    {
        await using var m = await TwoPromotedAsync();
        var now = m.Clock.GetUtcNow();
        var raced = new RacedRegistry(m.Registry, [new StageEvent("fraud", "2", ModelStages.Retired, now), new StageEvent("fraud", "3", ModelStages.Production, now)]);

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new ModelDrill(raced).RunAsync("fraud", "echo {version} >> served.txt", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        StageBasis.Moved(error).ShouldBeTrue(error.Message);
        error.Message.ShouldEndWith("; the drill stopped: fraud@3 is served, as the ledger shows after another run's move (tollgate model live fraud); the drill's fraud@1 no longer is");
        File.ReadAllLines(m.Dir.File("served.txt")).ShouldBe(["1", "3"]); // not fraud@2, which the other run retired
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), now).ShouldBe("3");
        (await m.Drills.DrillsAsync(ModelDrill.Service("fraud"))).ShouldBeEmpty();
    }

    /// <summary>
    /// The on-call race for real: the drill's serve hook (a script) is still serving fraud@1 when an on-call rollback to
    /// fraud@1 runs to the end on the same ledger; the drill then finds the stages moved and must leave fraud@1 serving,
    /// as the ledger shows, where it used to serve fraud@2 again, undoing the rollback behind a PASS.
    /// </summary>
    [Fact]
    public async Task Drill_RacingAnOnCallRollback_LeavesTheRolledBackVersionServing()
    {
        await using var m = await TwoPromotedAsync();
        m.Write("slowserve.sh", "if [ ! -f started ]; then touch started; while [ ! -f go ]; do sleep 0.05; done; fi\necho \"$1\" > serving\n");
        m.Write("serve.sh", "echo \"$1\" > serving\n");

        var drill = new ModelDrill(m.Registry).RunAsync("fraud", "sh ./slowserve.sh {version}", "test -s serving", TimeSpan.FromSeconds(60), TextWriter.Null, m.Context());
        for (var waited = 0; !File.Exists(m.Dir.File("started")) && waited < 600; waited++)
        {
            await Task.Delay(50);
        }

        File.Exists(m.Dir.File("started")).ShouldBeTrue("the drill's first serve hook never started");
        var rollback = await new ModelRollback(m.Registry).RunAsync("fraud", null, "sh ./serve.sh {version}", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());
        rollback.Verdict.ShouldBe(Verdict.Pass, rollback.Reason);
        m.Write("go", "");

        var error = await Should.ThrowAsync<InvalidInputException>(() => drill);

        StageBasis.Moved(error).ShouldBeTrue(error.Message);
        error.Message.ShouldEndWith("; the drill stopped: fraud@1 is served, as the ledger shows after another run's move (tollgate model live fraud)");
        File.ReadAllText(m.Dir.File("serving")).Trim().ShouldBe("1");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
        (await m.Drills.DrillsAsync(ModelDrill.Service("fraud"))).ShouldBeEmpty();
    }
}
