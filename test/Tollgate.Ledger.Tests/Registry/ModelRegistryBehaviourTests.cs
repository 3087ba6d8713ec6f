using Tollgate.Domain.Ledger;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;

namespace Tollgate.Ledger.Tests.Registry;

/// <summary>What the model registry tables must do in every dialect, written once (subclasses pick the engine).</summary>
public abstract class ModelRegistryBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 17, 0, 0, TimeSpan.Zero);

    protected abstract Task<string> ConnectionAsync();

    private async Task<(ILedger Ledger, IModelRegistry Registry)> OpenAsync()
    {
        var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        return (ledger, ModelRegistry.Of(ledger));
    }

    private static ModelVersion Version(string name, string version, DateTimeOffset at, params DatasetInput[] datasets) =>
        new(name, version, "sha256:art-" + name + version, at) { Datasets = datasets, Params = """{"depth": 6}""", CodeCommit = "abc123" };

    [Fact]
    public async Task RegisterAsync_VersionWithDatasets_IsReadBackWholeByNameAndVersion()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        var dir = new DatasetInput("sha256:dir", "data/train") { Kind = "directory", Bytes = 2048, Files = 3 };
        var file = new DatasetInput("sha256:file", "data/labels.csv") { Bytes = 10 };

        (await registry.RegisterAsync(Version("fraud", "3", T0, dir, file))).ShouldBeTrue();
        var found = await registry.FindAsync("fraud", "3");

        found.ShouldNotBeNull();
        found.ArtifactDigest.ShouldBe("sha256:art-fraud3");
        found.RegisteredAt.ShouldBe(T0);
        found.CodeCommit.ShouldBe("abc123");
        System.Text.Json.JsonDocument.Parse(found.Params!).RootElement.GetProperty("depth").GetInt32().ShouldBe(6);
        found.Datasets.ShouldBe([file, dir]); // by path
        (await registry.FindAsync("fraud", "4")).ShouldBeNull();
    }

    [Fact]
    public async Task KnownAsync_Names_TheOnesWithAVersionOrAStageEvent()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        (await registry.RegisterAsync(Version("fraud", "1", T0))).ShouldBeTrue();
        (await registry.RegisterAsync(Version("fraud", "2", T0))).ShouldBeTrue();
        await registry.RecordStagesAsync([new StageEvent("churn", "2", ModelStages.Production, T0)]); // a stage only (an import's)

        var known = await registry.KnownAsync(["fraud", "churn", "Fraud", "data/a.csv", "o'brien \"q\" \\"]);

        known.OrderBy(n => n, StringComparer.Ordinal).ShouldBe(["churn", "fraud"]);
        (await registry.KnownAsync([])).ShouldBeEmpty();
    }

    [Fact]
    public async Task RegisterAsync_TimeUnknownAndTime1970_ReadBackApart()
    {
        // Before: an unknown time (an MLflow version without creation_timestamp) was stored as 1970, so a version really
        // created at 0 read back as unknown too.
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        (await registry.RegisterAsync(Version("churn", "4", DateTimeOffset.UnixEpoch))).ShouldBeTrue();
        (await registry.RegisterAsync(Version("churn", "3", T0) with { RegisteredAt = null })).ShouldBeTrue();

        (await registry.FindAsync("churn", "3"))!.RegisteredAt.ShouldBeNull();
        (await registry.FindAsync("churn", "4"))!.RegisteredAt.ShouldBe(DateTimeOffset.UnixEpoch);
        (await registry.VersionsAsync("churn")).Select(v => v.Version).ShouldBe(["3", "4"]); // unknown first, on every engine
    }

    [Fact]
    public async Task RegisterAsync_SameNameAndVersionTwice_KeepsTheFirstAndSaysSo()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        await registry.RegisterAsync(Version("fraud", "1", T0, new DatasetInput("sha256:a", "a.csv")));

        var again = await registry.RegisterAsync(Version("fraud", "1", T0.AddDays(1), new DatasetInput("sha256:b", "b.csv")));

        again.ShouldBeFalse();
        var kept = (await registry.FindAsync("fraud", "1"))!;
        kept.RegisteredAt.ShouldBe(T0);
        kept.Datasets.ShouldHaveSingleItem().Digest.ShouldBe("sha256:a");
    }

    [Fact]
    public async Task FindAsync_WhileAnotherConnectionRegisters_ReadsEveryVersionWithAllItsDatasets()
    {
        // A look that read the datasets before a registration committed and the version after it found the version with
        // none: a second run of the same registration was refused as "already registered with … and 0 datasets".
        var (writer, registry) = await OpenAsync();
        var (reader, look) = await OpenAsync();
        await using var _ = writer;
        await using var __ = reader;
        const int Versions = 60;
        var writing = Task.Run(async () =>
        {
            for (var i = 1; i <= Versions; i++)
            {
                await registry.RegisterAsync(Version("fraud", $"{i}", T0, new("sha256:a", "a.csv"), new("sha256:b", "b.csv"), new("sha256:c", "c.csv")));
            }
        });

        for (var i = 1; i <= Versions; i++)
        {
            ModelVersion? found;
            while ((found = await look.FindAsync("fraud", $"{i}")) is null)
            {
                writing.IsFaulted.ShouldBeFalse(writing.Exception?.Message);
            }

            found.Datasets.Count.ShouldBe(3, $"fraud@{i}");
        }

        await writing;
    }

    [Fact]
    public async Task TrainedOnAsync_Digest_FindsEveryModelItTrainedAndNothingElse()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        var shared = new DatasetInput("sha256:shared", "events.parquet");
        await registry.RegisterAsync(Version("fraud", "1", T0, shared));
        await registry.RegisterAsync(Version("churn", "7", T0.AddHours(1), shared, new DatasetInput("sha256:crm", "crm.csv")));
        await registry.RegisterAsync(Version("fraud", "2", T0.AddHours(2), new DatasetInput("sha256:other", "events-v2.parquet")));

        var trained = await registry.TrainedOnAsync("sha256:shared");

        trained.Select(v => v.Id).ShouldBe(["fraud@1", "churn@7"]);
        trained[1].Datasets.Count.ShouldBe(2);
        (await registry.TrainedOnAsync("sha256:none")).ShouldBeEmpty();
        (await registry.VersionsAsync("fraud")).Select(v => v.Version).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task StagesAsync_PromotionsAndRollback_AnswerWhichVersionServedWhen()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        await registry.RecordStagesAsync([new StageEvent("fraud", "1", ModelStages.Production, T0) { Actor = "ci", Reason = "first" }]);
        await registry.RecordStagesAsync([new StageEvent("fraud", "2", ModelStages.Canary, T0.AddDays(1))]);
        await registry.RecordStagesAsync(
        [
            new StageEvent("fraud", "1", ModelStages.Retired, T0.AddDays(2)),
            new StageEvent("fraud", "2", ModelStages.Production, T0.AddDays(2)),
        ]);
        await registry.RecordStagesAsync(
        [
            new StageEvent("fraud", "2", ModelStages.Retired, T0.AddDays(3)) { Reason = "rolled back" },
            new StageEvent("fraud", "1", ModelStages.Production, T0.AddDays(3)) { Reason = "rolled back" },
        ]);
        await registry.RecordStagesAsync([new StageEvent("churn", "9", ModelStages.Production, T0)]);

        var events = await registry.StagesAsync("fraud");

        events.Count.ShouldBe(6);
        events[0].Actor.ShouldBe("ci");
        events[^1].Reason.ShouldBe("rolled back");
        ModelStages.LiveAt(events, T0.AddHours(-1)).ShouldBeNull();
        ModelStages.LiveAt(events, T0.AddHours(36)).ShouldBe("1");
        ModelStages.LiveAt(events, T0.AddDays(2)).ShouldBe("2");
        ModelStages.LiveAt(events, T0.AddDays(2.5)).ShouldBe("2");
        ModelStages.LiveAt(events, T0.AddDays(3)).ShouldBe("1");
    }

    [Fact]
    public async Task AliasesAsync_MovesAndClears_KeepsEveryMoveInOrder()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        await registry.RecordAliasAsync(new AliasEvent("fraud", "champion", "1", T0) { Source = "mlflow" });
        await registry.RecordAliasAsync(new AliasEvent("fraud", "champion", "2", T0.AddDays(1)) { Source = "mlflow" });
        await registry.RecordAliasAsync(new AliasEvent("fraud", "challenger", null, T0.AddDays(2)));

        var aliases = await registry.AliasesAsync("fraud");

        aliases.Select(a => (a.Alias, a.Version)).ShouldBe([("champion", "1"), ("champion", "2"), ("challenger", (string?)null)]);
        aliases[0].Source.ShouldBe("mlflow");
        aliases[1].At.ShouldBe(T0.AddDays(1));
    }

    [Fact]
    public async Task RecordAllAsync_VersionsStagesAndAliases_RecordsThemAndTheVerdictOfOnlyTheNewVersions()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        await registry.RegisterAsync(Version("churn", "3", T0, new DatasetInput("sha256:a", "a.csv")));

        var report = await registry.RecordAllAsync("an import",
            [Version("churn", "3", T0.AddDays(1)), Version("churn", "4", T0.AddDays(1), new DatasetInput("sha256:b", "b.csv"))],
            [new StageEvent("churn", "4", ModelStages.Production, T0.AddDays(1)) { Actor = "mlflow" }],
            [new AliasEvent("churn", "champion", "4", T0.AddDays(1)) { Source = "mlflow" }],
            Imported);

        report.Reason.ShouldBe("1 new version");
        (await ledger.RecentAsync("model-import", 10)).ShouldHaveSingleItem().Reason.ShouldBe("1 new version");
        (await registry.VersionsAsync("churn")).Select(v => v.Version).ShouldBe(["3", "4"]);
        (await registry.FindAsync("churn", "3"))!.Datasets.ShouldHaveSingleItem().Digest.ShouldBe("sha256:a");
        ModelStages.LiveAt(await registry.StagesAsync("churn"), T0.AddDays(2)).ShouldBe("4");
        (await registry.AliasesAsync("churn")).ShouldHaveSingleItem().Version.ShouldBe("4");
    }

    [Fact]
    public async Task RecordAllAsync_LastWriteFails_RecordsNothing()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        var broken = new AliasEvent("churn", null!, "4", T0); // alias is NOT NULL: the last statement of the batch fails

        await Should.ThrowAsync<Exception>(() => registry.RecordAllAsync("an import",
            [Version("churn", "4", T0, new DatasetInput("sha256:b", "b.csv"))],
            [new StageEvent("churn", "4", ModelStages.Production, T0)],
            [new AliasEvent("churn", "champion", "4", T0), broken],
            Imported));

        (await registry.VersionsAsync("churn")).ShouldBeEmpty();
        (await registry.TrainedOnAsync("sha256:b")).ShouldBeEmpty();
        (await registry.StagesAsync("churn")).ShouldBeEmpty();
        (await registry.AliasesAsync("churn")).ShouldBeEmpty();
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordAllAsync_VerdictRefused_RecordsNoneOfTheImportsRows()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;

        // kind is NOT NULL: the verdict, written last, fails after every registry row went in.
        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => registry.RecordAllAsync("an import",
            [Version("churn", "4", T0, new DatasetInput("sha256:b", "b.csv"))],
            [new StageEvent("churn", "4", ModelStages.Production, T0)],
            [new AliasEvent("churn", "champion", "4", T0)],
            added => Imported(added) with { Kind = null! }));

        error.Message.ShouldNotContain("\n");
        (await registry.VersionsAsync("churn")).ShouldBeEmpty();
        (await registry.TrainedOnAsync("sha256:b")).ShouldBeEmpty();
        (await registry.StagesAsync("churn")).ShouldBeEmpty();
        (await registry.AliasesAsync("churn")).ShouldBeEmpty();
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordAllAsync_StageMovesWithTheirVerdict_RecordsBothInOneStep()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        var promoted = new Report("model-promote", "churn@4 → canary", "sha256:promote", Verdict.Pass, [], []) { Reason = "churn@4 may enter canary" };

        var report = await registry.RecordAllAsync("a promotion", [], [new StageEvent("churn", "4", ModelStages.Canary, T0) { Reason = promoted.Reason }], [], _ => promoted);

        report.ShouldBeSameAs(promoted);
        (await registry.StagesAsync("churn")).ShouldHaveSingleItem().Stage.ShouldBe(ModelStages.Canary);
        (await ledger.RecentAsync("model-promote", 10)).ShouldHaveSingleItem().Digest.ShouldBe("sha256:promote");
    }

    [Fact]
    public async Task RecordAllAsync_SecondStageMoveRefused_RecordsNeitherTheFirstNorTheVerdictAndNamesTheDecision()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        var rolledBack = new Report("model-rollback", "churn@4 → 3", "sha256:rollback", Verdict.Pass, [], []) { Reason = "rolled back" };

        // stage is NOT NULL: the rollback's second move fails after the first went in.
        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => registry.RecordAllAsync("a rollback", [],
            [new StageEvent("churn", "4", ModelStages.Retired, T0), new StageEvent("churn", "3", null!, T0)], [], _ => rolledBack));

        error.Message.ShouldStartWith("cannot record a rollback in ");
        error.Message.ShouldNotContain("\n");
        (await registry.StagesAsync("churn")).ShouldBeEmpty();
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordAllAsync_StagesMovedSinceTheyWereRead_RecordsNothingAndSaysSo()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        await registry.RecordStagesAsync([new StageEvent("churn", "3", ModelStages.Production, T0)]);
        var read = StageBasis.Of("churn", await registry.StagesAsync("churn"));
        // Another writer's promotion lands between this decision's read and its record.
        await registry.RecordStagesAsync([new StageEvent("churn", "3", ModelStages.Retired, T0.AddHours(1)), new StageEvent("churn", "4", ModelStages.Production, T0.AddHours(1))]);
        var promoted = new Report("model-promote", "churn@5 → production", "sha256:promote5", Verdict.Pass, [], []) { Reason = "promote churn@5" };

        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => registry.RecordAllAsync("a promotion", [],
            [new StageEvent("churn", "3", ModelStages.Retired, T0.AddHours(2)), new StageEvent("churn", "5", ModelStages.Production, T0.AddHours(2))], [], _ => promoted, read));
        var stale = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => registry.RecordStagesAsync([new StageEvent("churn", "5", ModelStages.Canary, T0.AddHours(2))], read));

        error.Message.ShouldBe("churn's stages changed while this ran (2 stage events recorded meanwhile, by another run (an import, promote, rollback or drill) of churn): nothing recorded; see tollgate model lineage churn@VERSION or tollgate model live churn, and run again");
        StageBasis.Moved(error).ShouldBeTrue();
        StageBasis.Moved(stale).ShouldBeTrue();
        (await registry.StagesAsync("churn")).Count.ShouldBe(3);
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
        var current = StageBasis.Of("churn", await registry.StagesAsync("churn"));
        (await registry.RecordAllAsync("a promotion", [], [new StageEvent("churn", "5", ModelStages.Canary, T0.AddHours(2))], [], _ => promoted, current)).ShouldBeSameAs(promoted);
    }

    [Fact]
    public async Task RecordStagesAsync_ShadowRecordedMeanwhile_StillRecords()
    {
        // A scheduled shadow evaluation of another version changes nothing a promotion decides on.
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        await registry.RecordStagesAsync([new StageEvent("churn", "3", ModelStages.Production, T0), new StageEvent("churn", "4", ModelStages.Shadow, T0)]);
        var read = StageBasis.Of("churn", await registry.StagesAsync("churn"));
        await registry.RecordStagesAsync([new StageEvent("churn", "6", ModelStages.Shadow, T0.AddHours(1))]);

        await registry.RecordStagesAsync([new StageEvent("churn", "3", ModelStages.Retired, T0.AddHours(2)), new StageEvent("churn", "5", ModelStages.Production, T0.AddHours(2))], read);

        (await registry.StagesAsync("churn")).Count.ShouldBe(5);
        read.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RecordAllAsync_TwoWritersOnOneReading_ExactlyOneMovesTheStages()
    {
        // Two processes promote from the same production line at once: SQLite's write lock, PostgreSQL's advisory lock.
        var (first, firstRegistry) = await OpenAsync();
        var (second, secondRegistry) = await OpenAsync();
        await using var a = first;
        await using var b = second;
        await firstRegistry.RecordStagesAsync([new StageEvent("churn", "3", ModelStages.Production, T0)]);
        var read = StageBasis.Of("churn", await firstRegistry.StagesAsync("churn"));
        Task<Report> Promote(IModelRegistry registry, string version) => registry.RecordAllAsync("a promotion", [],
            [new StageEvent("churn", "3", ModelStages.Retired, T0.AddHours(1)), new StageEvent("churn", version, ModelStages.Production, T0.AddHours(1))], [],
            _ => new Report("model-promote", $"churn@{version} → production", "sha256:promote" + version, Verdict.Pass, [], []), read);

        var outcomes = await Task.WhenAll(new[] { (firstRegistry, "4"), (secondRegistry, "5") }.Select(async w =>
        {
            try
            {
                await Promote(w.Item1, w.Item2);
                return "recorded";
            }
            catch (Tollgate.Domain.InvalidInputException e) when (StageBasis.Moved(e))
            {
                return "refused";
            }
        }));

        outcomes.Order().ShouldBe(["recorded", "refused"]);
        (await firstRegistry.StagesAsync("churn")).Count.ShouldBe(3);
        (await first.RecentAsync("model-promote", 10)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RecordDrillAsync_DrillAndVerdict_RecordsBoth()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;
        var drilled = new Report("model-drill", "churn: 4 → 3 → 4", "sha256:drill", Verdict.Pass, [], []) { Reason = "rollback drill of churn ok" };

        await registry.RecordDrillAsync(new Tollgate.Domain.Delivery.Drill("model:churn", true, TimeSpan.FromMilliseconds(2500), T0) { Detail = "serve 3 ok" }, drilled);

        var drill = (await Tollgate.Ledger.Delivery.DeliveryStore.Of(ledger).DrillsAsync("model:churn")).ShouldHaveSingleItem();
        (drill.Ok, drill.Duration, drill.At, drill.Detail).ShouldBe((true, TimeSpan.FromMilliseconds(2500), T0, "serve 3 ok"));
        (await ledger.RecentAsync("model-drill", 10)).ShouldHaveSingleItem().Digest.ShouldBe("sha256:drill");
    }

    [Fact]
    public async Task RecordDrillAsync_VerdictRefused_RecordsNotTheDrillEither()
    {
        var (ledger, registry) = await OpenAsync();
        await using var _ = ledger;

        // kind is NOT NULL: the verdict, written after the drill, fails.
        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => registry.RecordDrillAsync(
            new Tollgate.Domain.Delivery.Drill("model:churn", false, null, T0), new Report(null!, "churn", "sha256:drill", Verdict.Fail, [], [])));

        error.Message.ShouldStartWith("cannot record a drill in ");
        error.Message.ShouldNotContain("\n");
        (await Tollgate.Ledger.Delivery.DeliveryStore.Of(ledger).DrillsAsync(null)).ShouldBeEmpty();
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    private static Report Imported(int added) =>
        new("model-import", "mlflow", "sha256:import", Verdict.Pass, [new("versions", added)], []) { Reason = added == 1 ? "1 new version" : $"{added} new versions" };
}
