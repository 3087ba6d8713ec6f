using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Mlflow;
using Tollgate.Models.Tests.Registry;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// Two imports of one MLflow state at once into one ledger (two CI jobs on a schedule), each through its own ledger
/// connection as separate processes do, in every dialect (subclasses pick the engine). Both look before either records
/// (<see cref="RecordingTogether"/>). The ledger ends as after one import: every version, stage change and alias move
/// once; the import that records second finds the first's rows, as an import run after it would.
/// </summary>
public abstract class ImportRaceBehaviourTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>The <c>--ledger</c> of this test's store (the same on every call); a SQLite file goes in <paramref name="directory"/>.</summary>
    protected abstract Task<string> ConnectionAsync(string directory);

    [Fact]
    public async Task Import_TwoAtOnceOfStageAndAliasMoves_RecordsEachMoveOnce()
    {
        // Before: no version was new, so the race check (versions added against versions absent) passed both, and m@1's
        // Production, m@2's canary and the champion alias were each recorded twice.
        await ImportAsync(Export(("1", "None"), ("2", "None")));

        var reports = await TogetherAsync(2, Export([("1", "Production"), ("2", "Staging")], champion: "1"));

        await using var ledger = await OpenAsync();
        var registry = ModelRegistry.Of(ledger);
        (await registry.StagesAsync("m")).Select(e => $"{e.Version} {e.Stage}").ShouldBe([$"1 {ModelStages.Production}", $"2 {ModelStages.Canary}"], ignoreOrder: true);
        (await registry.AliasesAsync("m")).ShouldHaveSingleItem().Version.ShouldBe("1");
        reports.Select(r => Count(r, "stages")).ShouldBe([2L, 0L], ignoreOrder: true);
        reports.Select(r => Count(r, "aliases")).ShouldBe([1L, 0L], ignoreOrder: true);
    }

    [Fact]
    public async Task Import_TwoAtOnceWithANewVersion_OneRecordsItTheOtherFindsItImported()
    {
        // Before: the import recording second added 0 of the 1 version it found absent and was refused, exit 3: "1 version
        // of m@2 was registered by another run while this import ran", though that run was an import of the same MLflow.
        await ImportAsync(Export(("1", "None")));

        var reports = await TogetherAsync(2, Export(("1", "None"), ("2", "Production")));

        await using var ledger = await OpenAsync();
        var registry = ModelRegistry.Of(ledger);
        (await registry.VersionsAsync("m")).Select(v => v.Version).ShouldBe(["1", "2"], ignoreOrder: true);
        (await registry.StagesAsync("m")).ShouldHaveSingleItem().Version.ShouldBe("2");
        reports.Select(r => Count(r, "versions")).ShouldBe([1L, 0L], ignoreOrder: true);
        (await ledger.RecentAsync(MlflowImport.Kind, 10)).Count.ShouldBe(3, "the first import's verdict and both racing imports'");
    }

    private static long Count(Report report, string key) => report.Summary.Single(kv => kv.Key == key).Value;

    private static string Export(params (string Version, string Stage)[] versions) => Export(versions, null);

    /// <summary>An MLflow export of model m: each version its own run and dataset; <paramref name="champion"/> the alias's version.</summary>
    private static string Export((string Version, string Stage)[] versions, string? champion)
    {
        var listed = versions.Select(v =>
            $$"""{"name":"m","version":"{{v.Version}}","creation_timestamp":170000000000{{v.Version}},"current_stage":"{{v.Stage}}","source":"runs:/r{{v.Version}}/model","run_id":"r{{v.Version}}"}""");
        var runs = versions.Select(v =>
            $$$"""{"info":{"run_id":"r{{{v.Version}}}"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"train","digest":"d{{{v.Version}}}","source":"train.csv"}}]}}""");
        var aliases = champion is null ? "" : $$"""{"alias":"champion","version":"{{champion}}"}""";
        return $$"""{"registered_models":[{"name":"m","aliases":[{{aliases}}]}],"model_versions":[{{string.Join(",", listed)}}],"runs":[{{string.Join(",", runs)}}]}""";
    }

    private async Task<Report> ImportAsync(string export, IModelRegistry? registry = null, Domain.Ledger.ILedger? ledger = null)
    {
        var file = _dir.File($"export-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, export);
        var read = await new MlflowReader(new MlflowExportSource(file, "export.json")).ReadAsync(null, CancellationToken.None);
        if (ledger is not null)
        {
            return await new MlflowImport(registry!).RecordAsync(read, "export.json", null, Context(ledger));
        }

        await using var own = await OpenAsync();
        return await new MlflowImport(ModelRegistry.Of(own)).RecordAsync(read, "export.json", null, Context(own));
    }

    /// <summary><paramref name="count"/> imports of <paramref name="export"/> at once, each on its own connection; every one must pass.</summary>
    private async Task<Report[]> TogetherAsync(int count, string export)
    {
        var runs = new LookingTogether.Runs(count);
        var ledgers = new List<Domain.Ledger.ILedger>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                ledgers.Add(await OpenAsync());
            }

            return await Task.WhenAll(ledgers.Select(ledger => Task.Run(() => ImportAsync(export, new RecordingTogether(ModelRegistry.Of(ledger), runs), ledger))));
        }
        finally
        {
            foreach (var ledger in ledgers)
            {
                await ledger.DisposeAsync();
            }
        }
    }

    private GateContext Context(Domain.Ledger.ILedger ledger) => new(TimeProvider.System, ledger, Policy.Default, _dir.Path);

    private async Task<Domain.Ledger.ILedger> OpenAsync() => await LedgerLocation.OpenAsync(await ConnectionAsync(_dir.Path), _dir.Path, TimeProvider.System);

    public void Dispose() => _dir.Dispose();
}
