using System.Net;
using Tollgate.Models.Mlflow;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>Answers that are not MLflow's API (a web page, a 404 from something else) say so instead of a bare status.</summary>
public sealed class MlflowHttpSourceTests
{
    [Theory]
    [InlineData(404, "Not Found", "HTTP 404 for /api/2.0/mlflow/registered-models/search, without an MLflow error: is http://127.0.0.1:PORT/ an MLflow tracking server?")]
    [InlineData(200, "<html>Grafana</html>", "the answer is not JSON (")]
    [InlineData(404, "[\"Not Found\"]", "HTTP 404 for /api/2.0/mlflow/registered-models/search, without an MLflow error: is http://127.0.0.1:PORT/ an MLflow tracking server?")]
    [InlineData(500, "{\"error_code\": 5, \"message\": [\"down\"]}", "HTTP 500 for /api/2.0/mlflow/registered-models/search, without an MLflow error: is http://127.0.0.1:PORT/ an MLflow tracking server?")]
    public async Task GetAsync_SomethingElseAnswers_SaysItMayNotBeMlflow(int status, string body, string expected)
    {
        await using var server = await ScriptedServer.StartAsync(((HttpStatusCode)status, body));
        var port = server.Url.Port;
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        server.Requests.ShouldBe(1);
        error.Message.ShouldStartWith($"MLflow registered-models/search at http://127.0.0.1:{port}: ");
        error.Message.ShouldContain(expected.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        error.Message.ShouldEndWith($"an MLflow tracking server?");
    }

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>'s bytes as they are: a server can send any.</summary>
    private sealed class Bytes(byte[] body, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
    }

    [Theory]
    [InlineData("{\"registered_models\": [{\"name\": \"fr\\ud800aud\"}]}", "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 36 (an escape such as \\ud800 without its other half)")]
    [InlineData("{\"registered_models\": [{\"name\": \"fr\u00c3(aud\"}]}", "not UTF-8: an invalid byte sequence at line 1, column 36")]
    public async Task Read_AnswerNotUnicodeText_NamesTheEndpointWithoutTheCredentials(string answer, string problem)
    {
        // Before: "an input is not Unicode text: …", naming neither MLflow nor the call. Written as Latin-1: \u00c3 is the byte 0xC3.
        using var http = new HttpClient(new Bytes(System.Text.Encoding.Latin1.GetBytes(answer)));
        var source = new MlflowHttpSource(http, new Uri("https://ci:s3cret@mlflow.test/"), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new MlflowReader(source).ReadAsync(null, CancellationToken.None));

        error.Message.ShouldBe($"MLflow registered-models/search at https://***@mlflow.test: the answer is {problem}");
    }

    [Theory]
    [InlineData(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"fr\\ud800aud\"}", "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 48 (an escape such as \\ud800 without its other half)")]
    [InlineData(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"fr\u00c3(aud\"}", "not UTF-8: an invalid byte sequence at line 1, column 57")]
    public async Task GetAsync_ErrorAnswerNotUnicodeText_SaysSoAndWhere(int status, string answer, string problem)
    {
        // Before: "HTTP 500 for /api/2.0/mlflow/registered-models/search, without an MLflow error: is … an MLflow tracking server?"
        using var http = new HttpClient(new Bytes(System.Text.Encoding.Latin1.GetBytes(answer), (HttpStatusCode)status));
        var source = new MlflowHttpSource(http, new Uri("https://ci:s3cret@mlflow.test/"), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        error.Message.ShouldBe($"MLflow registered-models/search at https://***@mlflow.test: HTTP {status} for /api/2.0/mlflow/registered-models/search, with an answer that is {problem}");
    }

    [Fact]
    public async Task GetAsync_NoTlsServerAtAnHttpsUrl_SaysSoInWords()
    {
        // Before: the runtime's message, "net_http_ssl_connection_failed" from the Native AOT binary (a resource key),
        // "The SSL connection could not be established, see inner exception." elsewhere.
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.OK, "{}"));
        var url = new Uri($"https://127.0.0.1:{server.Url.Port}/");
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, url, TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        error.Message.ShouldBe($"MLflow at https://127.0.0.1:{server.Url.Port} is unreachable: the TLS handshake failed (no TLS server there, or a certificate not trusted here)");
    }

    [Fact]
    public async Task GetAsync_ConnectionRefused_SaysSoInWords()
    {
        // Before: the socket's text, "Connection refused (127.0.0.1:1)".
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, new Uri("http://127.0.0.1:1/"), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        error.Message.ShouldBe("MLflow at http://127.0.0.1:1 is unreachable: connection refused");
    }
}
