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
}
