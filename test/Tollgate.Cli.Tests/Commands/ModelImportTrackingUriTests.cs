using System.Net;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate model import</c> without <c>--mlflow</c> reads <c>MLFLOW_TRACKING_URI</c>, as MLflow's clients do; only a
/// tracking server (http, https) is importable, and every other store the variable may name is exit 3 saying so.
/// </summary>
public sealed class ModelImportTrackingUriTests
{
    private static (HttpStatusCode, string) Registry(HttpListenerRequest request) => request.Url!.AbsolutePath switch
    {
        "/api/2.0/mlflow/registered-models/search" => (HttpStatusCode.OK, """{"registered_models":[{"name":"fraud","aliases":[]}]}"""),
        "/api/2.0/mlflow/model-versions/search" => (HttpStatusCode.OK,
            """{"model_versions":[{"name":"fraud","version":"1","creation_timestamp":1700000000000,"current_stage":"Production","source":"runs:/r1/model","run_id":"r1"}]}"""),
        "/api/2.0/mlflow/runs/get" => (HttpStatusCode.OK,
            """{"run":{"info":{"run_id":"r1"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"train","digest":"3f2a9c1b","source":"train.csv"}}]}}}"""),
        _ => (HttpStatusCode.NotFound, """{"error_code":"ENDPOINT_NOT_FOUND","message":"no such endpoint"}"""),
    };

    [Fact]
    public async Task Import_WithoutMlflowOption_ReadsTheServerMlflowTrackingUriNames()
    {
        await using var server = await ScriptedServer.StartAsync(Registry);
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = $"http://127.0.0.1:{server.Url.Port}" }, "model", "import", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain($"\"subject\": \"http://127.0.0.1:{server.Url.Port}\"");
        server.Requests.ShouldBe(3);
    }

    [Theory]
    [InlineData("http://registry:5000", "tollgate: error: MLFLOW_REGISTRY_URI http://registry:5000 is not MLFLOW_TRACKING_URI http://127.0.0.1:9: model import reads the registry and its runs from one server, and would read MLFLOW_TRACKING_URI's registry, not the one MLflow's clients use; give the server as --mlflow URL\n")]
    [InlineData("databricks-uc", "tollgate: error: MLFLOW_REGISTRY_URI databricks-uc is not MLFLOW_TRACKING_URI http://127.0.0.1:9: model import reads the registry and its runs from one server, and would read MLFLOW_TRACKING_URI's registry, not the one MLflow's clients use; give the server as --mlflow URL\n")]
    public async Task Import_RegistryUriElsewhere_Exit3RatherThanTheTrackingServersRegistry(string registry, string error)
    {
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "http://127.0.0.1:9", ["MLFLOW_REGISTRY_URI"] = registry }, "model", "import");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe(error);
    }

    [Fact]
    public async Task Import_RegistryUriWithoutTrackingUri_Exit3AskingForTheServer()
    {
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { ["MLFLOW_REGISTRY_URI"] = "http://127.0.0.1:9" }, "model", "import");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe("tollgate: error: MLFLOW_REGISTRY_URI is set but MLFLOW_TRACKING_URI is not: model import reads the registry and its runs from one server; give it as --mlflow URL, or set MLFLOW_TRACKING_URI to it\n");
    }

    [Fact]
    public async Task Import_RegistryUriTheTrackingServer_Imports()
    {
        await using var server = await ScriptedServer.StartAsync(Registry);
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        var url = $"http://127.0.0.1:{server.Url.Port}";

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = url, ["MLFLOW_REGISTRY_URI"] = url + "/" }, "model", "import");

        run.ExitCode.ShouldBe(0, run.Error);
        server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Import_MlflowOptionAndTrackingUri_TheOptionWins()
    {
        await using var server = await ScriptedServer.StartAsync(Registry);
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "databricks" }, "model", "import", "--mlflow", server.Url.ToString());

        run.ExitCode.ShouldBe(0, run.Error);
        server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Import_TrackingUriWithCredentialsAndTheVariables_Exit3NamingTheVariable()
    {
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "http://ci:s3cret@127.0.0.1:9", ["MLFLOW_TRACKING_TOKEN"] = "t" }, "model", "import");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldStartWith("tollgate: error: MLFLOW_TRACKING_URI http://***@127.0.0.1:9/: credentials in the URL and in MLFLOW_TRACKING_TOKEN; give them one way");
    }

    [Theory]
    [InlineData(null, "tollgate: error: no MLflow to import from: give --mlflow URL|EXPORT, or set MLFLOW_TRACKING_URI to the tracking server's http(s):// URL\n")]
    [InlineData("", "tollgate: error: no MLflow to import from: give --mlflow URL|EXPORT, or set MLFLOW_TRACKING_URI to the tracking server's http(s):// URL\n")]
    [InlineData("./mlruns", "tollgate: error: MLFLOW_TRACKING_URI ./mlruns is a local file store, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    [InlineData("file:///srv/mlruns", "tollgate: error: MLFLOW_TRACKING_URI file:///srv/mlruns is a local file store, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    [InlineData("databricks", "tollgate: error: MLFLOW_TRACKING_URI databricks is a Databricks workspace, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    [InlineData("databricks://profile", "tollgate: error: MLFLOW_TRACKING_URI databricks://profile is a Databricks workspace, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    [InlineData("sqlite:///mlflow.db", "tollgate: error: MLFLOW_TRACKING_URI sqlite:///mlflow.db is a database store, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    [InlineData("postgresql+psycopg2://ml:s3cret@db/mlflow", "tollgate: error: MLFLOW_TRACKING_URI postgresql+psycopg2://***@db/mlflow is a database store, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    [InlineData("ftp://mlflow", "tollgate: error: MLFLOW_TRACKING_URI ftp://mlflow is not an http(s):// URL, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set MLFLOW_TRACKING_URI to one, or give --mlflow URL|EXPORT\n")]
    public async Task Import_NoMlflowOptionAndNoServerInTrackingUri_Exit3SayingWhatIsSupported(string? uri, string error)
    {
        var directory = TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "mlruns"));
        var variables = uri is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = uri };

        var run = await CliRun.RunAsync(directory, "", variables, "model", "import");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe(error);
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
    }
}
