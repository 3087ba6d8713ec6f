using System.Net;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Models.Mlflow;
using Tollgate.Models.Promotion;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// Import against a small HTTP server that answers in the shapes of MLflow's model_registry.proto and service.proto
/// (no MLflow server can run here), one item per page so paging by next_page_token is exercised.
/// </summary>
public sealed class MlflowImportTests
{
    private sealed class FakeMlflow : IAsyncDisposable
    {
        private ScriptedServer _server = null!;

        public static async Task<FakeMlflow> StartAsync()
        {
            var fake = new FakeMlflow();
            fake._server = await ScriptedServer.StartAsync(fake.Answer);
            return fake;
        }

        public Uri Url => _server.Url;

        public List<string> Requests { get; } = [];

        public string ChampionVersion { get; set; } = "2";

        public string StageOf2 { get; set; } = "Production";

        /// <summary>Every page of fraud's versions after the first says its next page is p2, the page just read.</summary>
        public bool Looping { get; set; }

        private (HttpStatusCode, string) Answer(HttpListenerRequest request)
        {
            var path = request.Url!.AbsolutePath;
            var token = request.QueryString["page_token"];
            lock (Requests)
            {
                Requests.Add(path + (token is null ? "" : "#" + token));
            }

            var (status, body) = Answer(path, token, request.QueryString);
            return ((HttpStatusCode)status, body);
        }

        private (int, string) Answer(string path, string? token, System.Collections.Specialized.NameValueCollection query) => path switch
        {
            "/api/2.0/mlflow/registered-models/search" => (200,
                $$"""{"registered_models":[{"name":"fraud","creation_timestamp":1700000000000,"aliases":[{"alias":"champion","version":"{{ChampionVersion}}"}]}]}"""),
            "/api/2.0/mlflow/model-versions/search" when Looping && token == "p2" =>
                (200, """{"model_versions":[{"name":"fraud","version":"2","current_stage":"None","run_id":""}],"next_page_token":"p2"}"""),
            "/api/2.0/mlflow/model-versions/search" when query["filter"] == "name='fraud'" => token switch
            {
                null => (200, """{"model_versions":[{"name":"fraud","version":"1","creation_timestamp":"1700000100000","current_stage":"Archived","source":"runs:/r1/model","run_id":"r1","status":"READY"}],"next_page_token":"p2"}"""),
                "p2" => (200, $$"""{"model_versions":[{"name":"fraud","version":"2","creation_timestamp":1700000200000,"current_stage":"{{StageOf2}}","source":"models:/m-2","run_id":"r2","aliases":["champion"]}],"next_page_token":"p3"}"""),
                _ => (200, """{"model_versions":[{"name":"fraud","version":"3","creation_timestamp":1700000300000,"current_stage":"None","source":"models:/m-3","run_id":""}]}"""),
            },
            "/api/2.0/mlflow/runs/get" => query["run_id"] switch
            {
                "r1" => (200, """{"run":{"info":{"run_id":"r1"},"data":{"params":[{"key":"depth","value":"6"}],"metrics":[{"key":"auc","value":0.91,"timestamp":1,"step":0}],"tags":[{"key":"mlflow.source.git.commit","value":"abc123"}]},"inputs":{"dataset_inputs":[{"tags":[{"key":"mlflow.data.context","value":"training"}],"dataset":{"name":"train","digest":"3f2a9c1b","source_type":"local","source":"s3://bucket/train.parquet"}}]}}}"""),
                "r2" => (200, """{"run":{"info":{"run_id":"r2"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"train-v2","digest":"77aa01ee","source_type":"local","source":""}}]}}}"""),
                _ => (404, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run not found"}"""),
            },
            _ => (404, """{"error_code":"ENDPOINT_NOT_FOUND","message":"no such endpoint"}"""),
        };

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    /// <summary>The path <c>tollgate model import</c> takes: <see cref="MlflowReader"/> reads everything, then <see cref="MlflowImport"/> records it.</summary>
    private static async Task<Report> ReadAndRecordAsync(IMlflowSource source, ModelLedger m, string shown, string? name)
    {
        var read = await new MlflowReader(source).ReadAsync(name, CancellationToken.None);
        return await new MlflowImport(m.Registry).RecordAsync(read, shown, name, m.Context());
    }

    [Fact]
    public async Task Import_PagedServer_RecordsVersionsRunLineageStagesAndAliases()
    {
        await using var server = await FakeMlflow.StartAsync();
        await using var m = await ModelLedger.OpenAsync();
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10));

        var report = await ReadAndRecordAsync(source, m, "mlflow", null);

        report.Summary.ShouldContain(kv => kv.Key == "versions" && kv.Value == 3);
        report.Summary.ShouldContain(kv => kv.Key == "withoutLineage" && kv.Value == 1);
        report.Reason.ShouldEndWith("; 1 version has no dataset inputs on its run (promote will refuse it: lineage-missing)"); // 'refuse them' of one version before
        server.Requests.ShouldContain("/api/2.0/mlflow/model-versions/search#p2");
        server.Requests.ShouldContain("/api/2.0/mlflow/model-versions/search#p3");
        var v1 = (await m.Registry.FindAsync("fraud", "1"))!;
        v1.Source.ShouldBe("mlflow");
        v1.RunId.ShouldBe("r1");
        v1.CodeCommit.ShouldBe("abc123");
        v1.RegisteredAt.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000100000));
        v1.Datasets.ShouldHaveSingleItem().ShouldBe(new DatasetInput("mlflow:3f2a9c1b", "s3://bucket/train.parquet") { Kind = "mlflow" });
        (await m.Registry.TrainedOnAsync("mlflow:77aa01ee")).ShouldHaveSingleItem().Version.ShouldBe("2");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("2");
        (await m.Registry.AliasesAsync("fraud")).ShouldHaveSingleItem().Version.ShouldBe("2");
    }

    [Fact]
    public async Task Import_Twice_RecordsOnlyWhatMovedSoTheHistoryIsKept()
    {
        await using var server = await FakeMlflow.StartAsync();
        await using var m = await ModelLedger.OpenAsync();
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10));
        await ReadAndRecordAsync(source, m, "mlflow", "fraud");
        var firstImport = m.Clock.GetUtcNow();

        m.Clock.Advance(TimeSpan.FromDays(1));
        var unchanged = await ReadAndRecordAsync(source, m, "mlflow", "fraud");
        server.ChampionVersion = "1";
        server.StageOf2 = "Archived";
        m.Clock.Advance(TimeSpan.FromDays(1));
        var moved = await ReadAndRecordAsync(source, m, "mlflow", "fraud");

        unchanged.Summary.Where(kv => kv.Key is "versions" or "stages" or "aliases").ShouldAllBe(kv => kv.Value == 0);
        moved.Summary.ShouldContain(kv => kv.Key == "aliases" && kv.Value == 1);
        (await m.Registry.AliasesAsync("fraud")).Select(a => a.Version).ShouldBe(["2", "1"]);
        var stages = await m.Registry.StagesAsync("fraud");
        ModelStages.LiveAt(stages, firstImport.AddHours(1)).ShouldBe("2");
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow()).ShouldBeNull();
        ProductionLine.StageOf(stages, "2").ShouldBe(ModelStages.Retired);
    }

    [Fact]
    public async Task Import_ExportFile_ReadsTheSameShapes()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("export.json", """
            {"registered_models":[{"name":"churn","aliases":[]}],
             "model_versions":[{"name":"churn","version":"4","creation_timestamp":1700000000000,"current_stage":"Production","source":"runs:/r9/model","run_id":"r9"}],
             "runs":[{"info":{"run_id":"r9"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"crm","digest":"0badc0de","source":"crm.csv"}}]}}]}
            """);

        var report = await ReadAndRecordAsync(new MlflowExportSource(m.Dir.File("export.json"), "export.json"), m, "export.json", null);

        report.Summary.ShouldContain(kv => kv.Key == "versions" && kv.Value == 1);
        (await m.Registry.FindAsync("churn", "4"))!.Datasets.ShouldHaveSingleItem().Digest.ShouldBe("mlflow:0badc0de");
    }

    [Fact]
    public async Task Import_ServerAnswersAnError_IsAnInputErrorWithMlflowsCode()
    {
        await using var m = await ModelLedger.OpenAsync();
        await using var server = await FakeMlflow.StartAsync();
        using var http = new HttpClient();
        var wrongBase = new MlflowHttpSource(http, new Uri(server.Url, "prefix/"), TimeSpan.FromSeconds(10));
        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ReadAndRecordAsync(wrongBase, m, "mlflow", null));
        error.Message.ShouldContain("ENDPOINT_NOT_FOUND");
    }

    private const string ChurnExport = """
        {"registered_models":[{"name":"churn","aliases":[{"alias":"champion","version":"4"}]}],
         "model_versions":[{"name":"churn","version":"4","creation_timestamp":1700000000000,"current_stage":"Production","source":"runs:/r9/model","run_id":"r9"}RUN5],
         "runs":[{"info":{"run_id":"r9"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"crm","digest":"DIGEST","source":"crm.csv"}}]}}]}
        """;

    private static string Export(string digest = "0badc0de", string? fifth = null) =>
        ChurnExport.Replace("DIGEST", digest, StringComparison.Ordinal)
            .Replace("RUN5", fifth is null ? "" : $$""",{"name":"churn","version":"5","creation_timestamp":1700000100000,"current_stage":"Staging","source":"runs:/{{fifth}}/model","run_id":"{{fifth}}"}""", StringComparison.Ordinal);

    [Fact]
    public async Task Import_ExportWithAMissingRun_FailsAndRecordsNothing()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("export.json", Export(fifth: "r10"));
        var source = new MlflowExportSource(m.Dir.File("export.json"), "export.json");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ReadAndRecordAsync(source, m, "export.json", null));

        error.Message.ShouldBe("churn@5's run r10: MLflow export: no run r10 (RESOURCE_DOES_NOT_EXIST); nothing recorded (an import records all it read or nothing): import the other models with --name NAME, or delete churn@5 in MLflow if its run is gone for good");
        (await m.Registry.VersionsAsync("churn")).ShouldBeEmpty();
        (await m.Registry.StagesAsync("churn")).ShouldBeEmpty();
        (await m.Registry.AliasesAsync("churn")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(MlflowImport.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_VerdictCannotBeRecorded_RecordsNoneOfTheImportAndSaysSoInOneLine()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("export.json", Export());
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={m.Dir.File("ledger.db")}"))
        {
            // The ledger refuses the import's verdict, written after its registry rows.
            await other.OpenAsync();
            await using var trigger = other.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_import BEFORE INSERT ON verdicts WHEN NEW.kind = 'model-import' BEGIN SELECT RAISE(ABORT, 'verdicts refused'); END";
            await trigger.ExecuteNonQueryAsync();
        }

        var source = new MlflowExportSource(m.Dir.File("export.json"), "export.json");
        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ReadAndRecordAsync(source, m, "export.json", null));

        error.Message.ShouldStartWith($"cannot record an import in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldContain("verdicts refused");
        error.Message.ShouldNotContain('\n');
        (await m.Registry.VersionsAsync("churn")).ShouldBeEmpty("the registry has no import without its verdict");
        (await m.Registry.StagesAsync("churn")).ShouldBeEmpty();
        (await m.Registry.AliasesAsync("churn")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_Digest_IsOverWhatWasReadSoAnotherExportGetsAnother()
    {
        await using var m = await ModelLedger.OpenAsync();
        await using var elsewhere = await ModelLedger.OpenAsync();
        static async Task<string> ImportAsync(ModelLedger ledger, string export)
        {
            ledger.Write("export.json", export);
            return (await ReadAndRecordAsync(new MlflowExportSource(ledger.Dir.File("export.json"), "export.json"), ledger, "export.json", null)).Digest;
        }

        var first = await ImportAsync(m, Export());
        var same = await ImportAsync(m, Export());
        // Into another ledger: into this one, churn@4 with other data is refused (MlflowImportConflictTests).
        var otherDataset = await ImportAsync(elsewhere, Export(digest: "feedf00d"));

        Domain.Gates.ApprovalTarget.IsDigest(first).ShouldBeTrue(first);
        same.ShouldBe(first);
        otherDataset.ShouldNotBe(first);
        (await m.Ledger.LatestForAsync(first)).ShouldNotBeNull().Kind.ShouldBe(MlflowImport.Kind);
    }

    [Fact]
    public async Task Import_AliasNamesAVersionMlflowDoesNotList_FailsNamingItAndRecordsNothing()
    {
        // Before: "1 alias move" recorded, champion → 9, a version model lineage then called not registered.
        await using var server = await FakeMlflow.StartAsync();
        server.ChampionVersion = "9";
        await using var m = await ModelLedger.OpenAsync();
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ReadAndRecordAsync(source, m, "mlflow", null));

        error.Message.ShouldBe($"MLflow registered-models/search at http://127.0.0.1:{server.Url.Port}: alias champion of fraud names version 9, which model-versions/search does not list (it lists 1, 2, 3): nothing recorded");
        (await m.Registry.VersionsAsync("fraud")).ShouldBeEmpty();
        (await m.Registry.AliasesAsync("fraud")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(MlflowImport.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_NextPageTokenRepeats_StopsAtTheRepeatNamingTheServer()
    {
        // Before: the same page requested 10,000 times, then "more than 10,000 pages; narrow it with --name".
        await using var server = await FakeMlflow.StartAsync();
        server.Looping = true;
        await using var m = await ModelLedger.OpenAsync();
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => ReadAndRecordAsync(source, m, "mlflow", null));

        error.Message.ShouldBe($"MLflow model-versions/search at http://127.0.0.1:{server.Url.Port}: next_page_token 'p2' repeats the page just read: the server is looping, so the list never ends; nothing recorded");
        server.Requests.Count(r => r.StartsWith("/api/2.0/mlflow/model-versions/search", StringComparison.Ordinal)).ShouldBe(2);
        (await m.Registry.VersionsAsync("fraud")).ShouldBeEmpty();
    }
}
