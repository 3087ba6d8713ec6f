using System.Net;
using Tollgate.Models.Mlflow;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>A transient refusal (429, 503) is asked again with back-off, as MLflow's own client does; a last one names its status.</summary>
public sealed class MlflowRetryTests
{
    private const string Models = """{"registered_models":[]}""";

    [Fact]
    public async Task GetAsync_FirstAnswer503_AsksAgainAfterTheBackoff()
    {
        // Before: "TEMPORARILY_UNAVAILABLE: busy", exit 3, on the first answer of a server that answered the second.
        await using var server = await ScriptedServer.StartAsync(
            (HttpStatusCode.ServiceUnavailable, """{"error_code":"TEMPORARILY_UNAVAILABLE","message":"busy"}"""), (HttpStatusCode.OK, Models));
        using var http = new HttpClient();
        var waits = new List<TimeSpan>();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10)) { Pause = (t, _) => { waits.Add(t); return Task.CompletedTask; } };

        using var answer = await source.GetAsync("registered-models/search", [], CancellationToken.None);

        answer.RootElement.GetProperty("registered_models").GetArrayLength().ShouldBe(0);
        server.Requests.ShouldBe(2);
        waits.ShouldBe([TimeSpan.FromSeconds(1)]);
    }

    [Fact]
    public async Task GetAsync_Always429_GivesUpAfterTheRetriesNamingTheStatus()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.TooManyRequests, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"slow down"}"""));
        using var http = new HttpClient();
        var waits = new List<TimeSpan>();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10)) { Pause = (t, _) => { waits.Add(t); return Task.CompletedTask; } };

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        error.Message.ShouldBe($"MLflow registered-models/search at http://127.0.0.1:{server.Url.Port}: HTTP 429 REQUEST_LIMIT_EXCEEDED: slow down (asked 4 times over back-off; a transient refusal: run the import again later)");
        server.Requests.ShouldBe(1 + MlflowHttpSource.Retries);
        waits.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)]);
    }

    /// <summary>429 with <c>Retry-After</c> first, then the answer.</summary>
    private sealed class RetryAfter(TimeSpan wait) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = Requests++ == 0
                ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"slow down"}""") }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Models) };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
            return Task.FromResult(response);
        }
    }

    [Theory]
    [InlineData(7, 7)]
    [InlineData(3600, 30)]
    public async Task GetAsync_RetryAfter_IsWaitedUpToTheLongestWait(int asked, int waited)
    {
        var handler = new RetryAfter(TimeSpan.FromSeconds(asked));
        using var http = new HttpClient(handler);
        var waits = new List<TimeSpan>();
        var source = new MlflowHttpSource(http, new Uri("http://mlflow.test/"), TimeSpan.FromSeconds(10)) { Pause = (t, _) => { waits.Add(t); return Task.CompletedTask; } };

        using var answer = await source.GetAsync("registered-models/search", [], CancellationToken.None);

        handler.Requests.ShouldBe(2);
        waits.ShouldBe([TimeSpan.FromSeconds(waited)]);
    }

    [Fact]
    public async Task Read_PurgedRun_NamesTheVersionAndHowToImportTheOthers()
    {
        // Before: "MLflow runs/get at …: RESOURCE_DOES_NOT_EXIST: Run 'mod3-r2' not found", naming no version.
        await using var server = await ScriptedServer.StartAsync(request => request.Url!.AbsolutePath switch
        {
            "/api/2.0/mlflow/registered-models/search" => (HttpStatusCode.OK, """{"registered_models":[{"name":"mod3"}]}"""),
            "/api/2.0/mlflow/model-versions/search" => (HttpStatusCode.OK, """{"model_versions":[{"name":"mod3","version":"2","source":"runs:/mod3-r2/model","run_id":"mod3-r2"}]}"""),
            _ => (HttpStatusCode.NotFound, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run 'mod3-r2' not found"}"""),
        });
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new MlflowReader(source).ReadAsync(null, CancellationToken.None));

        error.Message.ShouldBe($"mod3@2's run mod3-r2: MLflow runs/get at http://127.0.0.1:{server.Url.Port}: HTTP 404 RESOURCE_DOES_NOT_EXIST: Run 'mod3-r2' not found; nothing recorded (an import records all it read or nothing): import the other models with --name NAME, or delete mod3@2 in MLflow if its run is gone for good");
    }
}
