using System.Net;
using System.Text;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate model import --mlflow http://user:password@host</c>: the password never reaches the report, the output or
/// the ledger; the server is named as every MLflow message names it, <c>http://***@host:port</c>.
/// </summary>
public sealed class ModelImportCredentialsTests
{
    private static (HttpStatusCode, string) Mlflow(HttpListenerRequest request) => request.Url!.AbsolutePath switch
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
        await using var server = await ScriptedServer.StartAsync(Mlflow);
        var port = server.Url.Port;
        var directory = Directory.CreateTempSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "model", "import", "--mlflow", $"http://ci:s3cret@127.0.0.1:{port}/", "--format", format);
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
        var directory = Directory.CreateTempSubdirectory("tollgate-import-").FullName;

        var run = await CliRun.RunAsync(directory, "model", "import", "--mlflow", mlflow);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe(error);
    }
}
