using System.Net;
using System.Text;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate model import --mlflow URL</c> against an MLflow that requires authentication, as its basic-auth app,
/// Databricks or a managed MLflow do: the user and password in the URL, or MLflow's variables (a user and password, or a
/// token), are sent on every request; the secret never reaches the report, the output, the ledger or an error (with
/// <c>--verbose</c> too); the server is named as every MLflow message names it, <c>http://***@host:port</c>.
/// </summary>
public sealed class ModelImportCredentialsTests
{
    private const string Password = "s3cret";
    private const string Token = "dapi-t0ken-s3cret";
    private static readonly Dictionary<string, string> NoVariables = [];

    /// <summary>An MLflow that answers a request whose Authorization is <paramref name="required"/> (null: any), else with its basic-auth app's 401.</summary>
    private static Func<HttpListenerRequest, (HttpStatusCode, string)> Mlflow(string? required) => request =>
        required is null || request.Headers["Authorization"] == required
            ? Registry(request)
            : (HttpStatusCode.Unauthorized, "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.");

    private static string Basic(string userAndPassword) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    private static (HttpStatusCode, string) Registry(HttpListenerRequest request) => request.Url!.AbsolutePath switch
    {
        "/api/2.0/mlflow/registered-models/search" => (HttpStatusCode.OK, """{"registered_models":[{"name":"fraud","aliases":[]}]}"""),
        "/api/2.0/mlflow/model-versions/search" => (HttpStatusCode.OK,
            """{"model_versions":[{"name":"fraud","version":"1","creation_timestamp":1700000000000,"current_stage":"Production","source":"runs:/r1/model","run_id":"r1"}]}"""),
        "/api/2.0/mlflow/runs/get" => (HttpStatusCode.OK,
            """{"run":{"info":{"run_id":"r1"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"train","digest":"3f2a9c1b","source":"train.csv"}}]}}}"""),
        _ => (HttpStatusCode.NotFound, """{"error_code":"ENDPOINT_NOT_FOUND","message":"no such endpoint"}"""),
    };

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Import_UrlWithCredentials_NeitherReportNorOutputNorLedgerHoldsThePassword(string format)
    {
        // Before: the subject was new Uri(URL).GetLeftPart(Authority), http://ci:s3cret@127.0.0.1:PORT, printed and recorded.
        await using var server = await ScriptedServer.StartAsync(Mlflow(Basic("ci:s3cret")));
        var port = server.Url.Port;
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", NoVariables, "model", "import", "--mlflow", $"http://ci:s3cret@127.0.0.1:{port}/", "--format", format);
        var verdicts = await CliRun.RunAsync(directory, "verdicts", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain($"http://***@127.0.0.1:{port}");
        if (format == "json")
        {
            run.Out.ShouldContain($"\"subject\": \"http://***@127.0.0.1:{port}\"");
        }

        verdicts.ExitCode.ShouldBe(0, verdicts.Error);
        verdicts.Out.ShouldContain($"http://***@127.0.0.1:{port}");
        (run.Out + run.Error + verdicts.Out + verdicts.Error).ShouldNotContain("s3cret");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, ".tollgate")))
        {
            Encoding.Latin1.GetString(File.ReadAllBytes(file)).ShouldNotContain("s3cret", customMessage: file);
        }
    }

    [Theory]
    [InlineData("ftp://ci:s3cret@mlflow/", "tollgate: error: --mlflow ftp://***@mlflow/: not an http(s):// URL of an MLflow tracking server (http://host:port), nor an export file\n")]
    [InlineData("http://ci:s3cret@mlflow:99999/", "tollgate: error: --mlflow http://***@mlflow:99999/ is not a URL\n")]
    public async Task Import_BadUrlWithCredentials_Exit3WithoutThePassword(string mlflow, string error)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "model", "import", "--mlflow", mlflow);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe(error);
    }

    /// <summary>Everything a run leaves to be read: its output, its errors and the ledger's files.</summary>
    private static string Everything(string directory, params CliRun[] runs)
    {
        var ledger = Path.Combine(directory, ".tollgate");
        var files = Directory.Exists(ledger) ? Directory.EnumerateFiles(ledger).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))) : [];
        return string.Concat(runs.Select(r => r.Out + r.Error).Concat(files));
    }

    /// <summary>The server URL and variables for one way of giving credentials (<c>none</c>: neither).</summary>
    private static (string Url, Dictionary<string, string> Variables) Credentials(string way, Uri server) => way switch
    {
        "url" => ($"http://ci:{Password}@127.0.0.1:{server.Port}/", NoVariables),
        "username and password" => (server.ToString(), new() { ["MLFLOW_TRACKING_USERNAME"] = "ci", ["MLFLOW_TRACKING_PASSWORD"] = Password }),
        "username, password and token" => (server.ToString(), new() { ["MLFLOW_TRACKING_USERNAME"] = "ci", ["MLFLOW_TRACKING_PASSWORD"] = Password, ["MLFLOW_TRACKING_TOKEN"] = Token }),
        "token" => (server.ToString(), new() { ["MLFLOW_TRACKING_TOKEN"] = Token }),
        "token with a line break" => (server.ToString(), new() { ["MLFLOW_TRACKING_TOKEN"] = Token + "\n" }),
        "none" => (server.ToString(), NoVariables),
        _ => throw new ArgumentOutOfRangeException(nameof(way), way, "no such way"),
    };

    [Theory]
    [InlineData("url", "Basic Y2k6czNjcmV0")]
    [InlineData("username and password", "Basic Y2k6czNjcmV0")]
    [InlineData("username, password and token", "Basic Y2k6czNjcmV0")]
    [InlineData("token", "Bearer " + Token)]
    [InlineData("token with a line break", "Bearer " + Token)]
    public async Task Import_EachWayToGiveCredentials_EveryRequestCarriesItsHeaderAndNothingShowsTheSecret(string way, string header)
    {
        // Before: no Authorization on any request; MLflow answered 401 and the import was exit 3.
        await using var server = await ScriptedServer.StartAsync(Mlflow(header));
        var port = server.Url.Port;
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        var (url, variables) = Credentials(way, server.Url);

        var run = await CliRun.RunAsync(directory, "", variables, "model", "import", "--mlflow", url, "--format", "json");
        var verdicts = await CliRun.RunAsync(directory, "verdicts", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        lock (server.Paths)
        {
            server.Paths.ShouldBe(["/api/2.0/mlflow/registered-models/search", "/api/2.0/mlflow/model-versions/search", "/api/2.0/mlflow/runs/get"]);
            server.Authorizations.ShouldAllBe(sent => sent == header);
        }

        run.Out.ShouldContain($"\"subject\": \"http://{(way == "url" ? "***@" : "")}127.0.0.1:{port}\"");
        var everything = Everything(directory, run, verdicts);
        everything.ShouldNotContain(Password);
        everything.ShouldNotContain(header.Split(' ')[1]);
    }

    [Theory]
    [InlineData("none", "authentication refused (HTTP 401); sent no credentials: put user:password@ in the URL, or set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")]
    [InlineData("url", "authentication refused (HTTP 401); sent Basic credentials from the URL, which it does not accept")]
    [InlineData("username and password", "authentication refused (HTTP 401); sent Basic credentials from MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, which it does not accept")]
    [InlineData("username, password and token", "authentication refused (HTTP 401); sent Basic credentials from MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (MLFLOW_TRACKING_TOKEN, set too, is not sent: the user and password come first, as in MLflow's clients), which it does not accept")]
    [InlineData("token", "authentication refused (HTTP 401); sent a Bearer token from MLFLOW_TRACKING_TOKEN, which it does not accept")]
    public async Task Import_MlflowRefusesWhatWasSent_Exit3OneLineSayingWhat_NoSecretEvenVerbose(string way, string words)
    {
        // Before: "HTTP 401 for /api/2.0/mlflow/registered-models/search, without an MLflow error: is … an MLflow tracking server?"
        await using var server = await ScriptedServer.StartAsync(Mlflow("Basic d3Jvbmc6d3Jvbmc="));
        var port = server.Url.Port;
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        var (url, variables) = Credentials(way, server.Url);

        var run = await CliRun.RunAsync(directory, "", variables, "model", "import", "--mlflow", url, "--verbose");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.Split('\n')[0].ShouldBe($"tollgate: error: MLflow registered-models/search at http://{(way == "url" ? "***@" : "")}127.0.0.1:{port}: {words}");
        run.Error.ShouldNotContain(Password);
        run.Error.ShouldNotContain("Y2k6czNjcmV0");
        server.Requests.ShouldBe(1);
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("MLFLOW_TRACKING_USERNAME", "ci", "tollgate: error: MLFLOW_TRACKING_USERNAME is set without MLFLOW_TRACKING_PASSWORD: set both for Basic authentication to MLflow, or neither\n")]
    [InlineData("MLFLOW_TRACKING_PASSWORD", Password, "tollgate: error: MLFLOW_TRACKING_PASSWORD is set without MLFLOW_TRACKING_USERNAME: set both for Basic authentication to MLflow, or neither\n")]
    [InlineData("MLFLOW_TRACKING_TOKEN", "dapi t0ken", "tollgate: error: MLFLOW_TRACKING_TOKEN is not one token: it holds white space or a control character\n")]
    public async Task Import_VariablesThatCannotBeSent_Exit3NamingThemBeforeAnyRequest(string variable, string value, string error)
    {
        // Before: nothing was read from the variables; MLflow, which requires nothing here, was imported.
        await using var server = await ScriptedServer.StartAsync(Mlflow(null));
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", new Dictionary<string, string> { [variable] = value }, "model", "import", "--mlflow", server.Url.ToString());

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe(error);
        server.Requests.ShouldBe(0);
    }

    [Theory]
    [InlineData("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_TOKEN; give them one way: take user:password@ out of the URL, or unset the variable")]
    [InlineData("MLFLOW_TRACKING_USERNAME,MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD; give them one way: take user:password@ out of the URL, or unset the variables")]
    public async Task Import_CredentialsInTheUrlAndInVariables_Exit3BeforeAnyRequest(string variables, string words)
    {
        // Before: neither the URL's credentials nor the variables' were sent.
        await using var server = await ScriptedServer.StartAsync(Mlflow(null));
        var port = server.Url.Port;
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "", variables.Split(',').ToDictionary(v => v, _ => Token),
            "model", "import", "--mlflow", $"http://ci:{Password}@127.0.0.1:{port}/");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: --mlflow http://***@127.0.0.1:{port}/: credentials in the URL and in {words}\n");
        server.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Help_MlflowOption_NamesEveryWayToAuthenticate()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "model", "import", "--help");

        run.ExitCode.ShouldBe(0, run.Error);
        var line = run.Out.Split('\n').Single(l => l.TrimStart().StartsWith("--mlflow", StringComparison.Ordinal));
        foreach (var word in (string[])["user:password@", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"])
        {
            line.ShouldContain(word, Case.Sensitive);
        }
    }
}
