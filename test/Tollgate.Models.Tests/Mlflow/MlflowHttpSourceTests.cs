using System.Net;
using System.Net.Sockets;
using System.Text;
using Tollgate.Models.Mlflow;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>Answers that are not MLflow's API (a web page, a 404 from something else) say so instead of a bare status.</summary>
public sealed class MlflowHttpSourceTests
{
    [Theory]
    [InlineData(404, "Not Found", "HTTP 404 for /api/2.0/mlflow/registered-models/search, without an MLflow error: is http://127.0.0.1:PORT/ an MLflow tracking server?")]
    [InlineData(200, "<html>Grafana</html>", "the answer is not JSON (")]
    public async Task GetAsync_SomethingElseAnswers_SaysItMayNotBeMlflow(int status, string body, string expected)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var answer = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        await answer;
        error.Message.ShouldStartWith($"MLflow registered-models/search at http://127.0.0.1:{port}: ");
        error.Message.ShouldContain(expected.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        error.Message.ShouldEndWith($"an MLflow tracking server?");
    }
}
