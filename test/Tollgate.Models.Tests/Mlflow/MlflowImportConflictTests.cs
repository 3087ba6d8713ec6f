using Tollgate.Domain.Registry;
using Tollgate.Models.Mlflow;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>An import that meets a NAME@VERSION the ledger holds with other content: refused, nothing recorded.</summary>
public sealed class MlflowImportConflictTests
{
    private static string Export(string name, string digest, string run, params string[] stages)
    {
        var versions = stages.Select((s, i) =>
            "{\"name\":\"" + name + "\",\"version\":\"" + (i + 1) + "\",\"creation_timestamp\":" + (1700000000000 + i) + ",\"current_stage\":\"" + s
            + "\",\"source\":\"runs:/" + run + (i + 1) + "/model\",\"run_id\":\"" + run + (i + 1) + "\"}");
        var runs = stages.Select((_, i) =>
            "{\"info\":{\"run_id\":\"" + run + (i + 1) + "\"},\"data\":{},\"inputs\":{\"dataset_inputs\":[{\"dataset\":{\"name\":\"train\",\"digest\":\"" + digest + (i + 1) + "\",\"source\":\"train.csv\"}}]}}");
        return "{\"registered_models\":[{\"name\":\"" + name + "\",\"aliases\":[]}],\"model_versions\":[" + string.Join(",", versions) + "],\"runs\":[" + string.Join(",", runs) + "]}";
    }

    private static async Task ImportAsync(ModelLedger m, string export)
    {
        m.Write("export.json", export);
        var source = new MlflowExportSource(m.Dir.File("export.json"), "export.json");
        var read = await new MlflowReader(source).ReadAsync(null, CancellationToken.None);
        await new MlflowImport(m.Registry).RecordAsync(read, "export.json", null, m.Context());
    }

    [Fact]
    public async Task Import_VersionRegisteredByTollgate_IsRefusedAndNoStageMoves()
    {
        // Before: m@3 registered by tollgate was moved to production by the import ("MLflow stage Production observed"), past the KPI gate.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        foreach (var v in new[] { "1", "2", "3" })
        {
            await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("m", v, "a.bin", ["x.csv"]), m.Context());
        }

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ImportAsync(m, Export("m", "d", "r", "Production", "Staging", "Production")));

        error.Message.ShouldStartWith("MLflow's m@1 is not the m@1 the ledger holds: the ledger's was registered by tollgate (artifact sha256:");
        error.Message.ShouldEndWith("MLflow's is runs:/r1/model; a version is immutable, so nothing was recorded (neither it nor its stage): import the other models with --name NAME");
        (await m.Registry.StagesAsync("m")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(MlflowImport.Kind, 5)).ShouldBeEmpty();
        (await m.Registry.FindAsync("m", "3"))!.Source.ShouldBe("tollgate");
    }

    [Fact]
    public async Task Import_SameVersionOtherRunAndData_IsRefusedNamingWhatDiffers()
    {
        // Before: "0 new versions", exit 0; k@1 kept runs:/r1/model and mlflow:d1 while MLflow answered r9 and d9.
        await using var m = await ModelLedger.OpenAsync();
        await ImportAsync(m, Export("k", "d", "r", "Production"));
        var first = (await m.Registry.StagesAsync("k")).Count;

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ImportAsync(m, Export("k", "e", "s", "Archived")));

        error.Message.ShouldBe("MLflow's k@1 is not the k@1 the ledger holds: artifact uri:runs:/r1/model in the ledger, uri:runs:/s1/model in MLflow; run r1 in the ledger, s1 in MLflow; datasets mlflow:d1 in the ledger, datasets mlflow:e1 in MLflow; a version is immutable, so nothing was recorded (neither it nor its stage): import the other models with --name NAME");
        (await m.Registry.StagesAsync("k")).Count.ShouldBe(first);
        (await m.Registry.FindAsync("k", "1"))!.RunId.ShouldBe("r1");
        // The same export again is still the no-op it was.
        await ImportAsync(m, Export("k", "d", "r", "Production"));
        ProductionLine.StageOf(await m.Registry.StagesAsync("k"), "1").ShouldBe(ModelStages.Production);
    }

    [Fact]
    public async Task Import_VersionRegisteredWhileItRan_IsRefusedInTheTransactionAndComparedOnTheNextLook()
    {
        // Before: the register landing between the import's look and its transaction was skipped by the insert, and
        // MLflow's Production stage was recorded on the Tollgate-registered m@1. The transaction now records nothing and
        // the import looks again, finding m@1 registered by Tollgate: refused as any such version is.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        var raced = new RegisteredMeanwhile(m.Registry, () => new RegisterGate(m.Registry).RunAsync(new RegisterRequest("m", "1", "a.bin", ["x.csv"]), m.Context()));
        m.Write("export.json", Export("m", "d", "r", "Production"));
        var read = await new MlflowReader(new MlflowExportSource(m.Dir.File("export.json"), "export.json")).ReadAsync(null, CancellationToken.None);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new MlflowImport(raced).RecordAsync(read, "export.json", null, m.Context()));

        error.Message.ShouldStartWith("MLflow's m@1 is not the m@1 the ledger holds: the ledger's was registered by tollgate (artifact sha256:");
        error.Message.ShouldEndWith("MLflow's is runs:/r1/model; a version is immutable, so nothing was recorded (neither it nor its stage): import the other models with --name NAME");
        (await m.Registry.StagesAsync("m")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(MlflowImport.Kind, 5)).ShouldBeEmpty();
        (await m.Registry.FindAsync("m", "1"))!.Source.ShouldBe("tollgate");
    }

    [Fact]
    public async Task Import_RacedOnEveryLook_LooksThreeTimesThenRefusesWithOneLine()
    {
        // The race is a typed refusal the import retries on (it was an Exception.Data key): three looks, each transaction
        // refused and rolled back, then the input error a user reads (exit 3), and nothing recorded by any look.
        await using var m = await ModelLedger.OpenAsync();
        await ImportAsync(m, Export("m", "d", "r", "None"));
        m.Write("export.json", Export("m", "d", "r", "Production"));
        var read = await new MlflowReader(new MlflowExportSource(m.Dir.File("export.json"), "export.json")).ReadAsync(null, CancellationToken.None);
        var stale = new StaleLook(m.Registry);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new MlflowImport(stale).RecordAsync(read, "export.json", null, m.Context()));

        error.Message.ShouldBe("1 version of m@1 was registered by another run while this import ran: nothing was recorded; run the import again to compare them with what was registered");
        stale.Transactions.ShouldBe(3);
        (await m.Registry.StagesAsync("m")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(MlflowImport.Kind, 5)).Count.ShouldBe(1, "the first import's verdict only");
    }

    [Fact]
    public async Task Import_VersionListedTwice_IsRecordedOnceNotRefusedAsRegisteredMeanwhile()
    {
        // Before: k@1 listed twice by MLflow counted two absent versions against one inserted: "registered by another run".
        await using var m = await ModelLedger.OpenAsync();
        m.Write("export.json", Export("k", "d", "r", "Production", "None"));
        var read = await new MlflowReader(new MlflowExportSource(m.Dir.File("export.json"), "export.json")).ReadAsync(null, CancellationToken.None);
        var model = read.Single();
        var twice = model with { Versions = [model.Versions[0], .. model.Versions] };

        var report = await new MlflowImport(m.Registry).RecordAsync([twice], "export.json", null, m.Context());

        report.Summary.Single(kv => kv.Key == "versions").Value.ShouldBe(2);
        (await m.Registry.VersionsAsync("k")).Count.ShouldBe(2);
        ProductionLine.StageOf(await m.Registry.StagesAsync("k"), "1").ShouldBe(ModelStages.Production);
    }

    [Fact]
    public async Task Import_VersionListedTwiceWithOtherContent_IsRefusedAndNothingRecorded()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("export.json", Export("k", "d", "r", "Production"));
        var read = await new MlflowReader(new MlflowExportSource(m.Dir.File("export.json"), "export.json")).ReadAsync(null, CancellationToken.None);
        var model = read.Single();
        var other = model.Versions[0] with { Version = model.Versions[0].Version with { ArtifactDigest = "uri:runs:/r9/model" } };

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new MlflowImport(m.Registry).RecordAsync([model with { Versions = [model.Versions[0], other] }], "export.json", null, m.Context()));

        error.Message.ShouldBe("MLflow lists k@1 twice with different content: artifact uri:runs:/r1/model listed first, uri:runs:/r9/model listed again; nothing was recorded: import again");
        (await m.Registry.VersionsAsync("k")).ShouldBeEmpty();
    }
}
