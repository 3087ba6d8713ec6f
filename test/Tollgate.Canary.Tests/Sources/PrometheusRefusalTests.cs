using System.Net;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Tests.Cli;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// Answers that say the URL or the credentials are wrong (401, 403, 404, a redirect that drops the query): refused at
/// once, not retried, and <c>tollgate canary</c> exits 3 with one line instead of holding for the whole watch. A bearer
/// token from <c>--prometheus-token-file</c> or <c>TOLLGATE_PROMETHEUS_TOKEN</c> is sent and shown nowhere.
/// </summary>
public sealed class PrometheusRefusalTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.t0ken";

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "Unauthorized", "HTTP 401 (Unauthorized): the credentials are missing or wrong")]
    [InlineData(HttpStatusCode.Forbidden, "<html>denied by proxy</html>", "HTTP 403 (<html>denied by proxy</html>): the credentials are missing or wrong")]
    [InlineData(HttpStatusCode.NotFound, "404 page not found", "HTTP 404 (404 page not found): no Prometheus API under this URL; check its path prefix")]
    public async Task InstantAsync_WrongCredentialsOrUrl_RefusedOnceNamingTheFix(HttpStatusCode status, string body, string words)
    {
        await using var server = await ScriptedServer.StartAsync((status, body));

        var response = await Source(server.Url).InstantAsync("vector(1)", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Refused.ShouldBeTrue();
        response.Unavailable.ShouldStartWith($"Prometheus at {server.Url}");
        response.Unavailable.ShouldContain(words);
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task InstantAsync_UserAndPasswordInTheUrlRefused_NamesThemAsRefused()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.Unauthorized, "Unauthorized"));

        var response = await Source(new Uri(server.Url.ToString().Replace("http://", "http://ops:pw@", StringComparison.Ordinal)))
            .InstantAsync("vector(1)", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Refused.ShouldBeTrue();
        response.Unavailable.ShouldNotBeNull().ShouldContain("refused the user and password in the URL with HTTP 401 (Unauthorized): check that they are right");
        response.Unavailable.ShouldNotContain("pw");
    }

    [Fact]
    public async Task InstantAsync_RedirectThatTurnsThePostIntoAGet_RefusedNamingWhereItGoes()
    {
        // What Prometheus answers a GET without its form: the redirect used to end as "Prometheus rejected the query vector(1)".
        await using var target = await ScriptedServer.StartAsync((HttpStatusCode.BadRequest,
            """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:1: parse error: no expression found in input"}"""));
        await using var proxy = RawServer.Answering($"HTTP/1.1 302 Found\r\nLocation: {target.Url}prom/api/v1/query\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var response = await Source(proxy.Url).InstantAsync("vector(1)", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Refused.ShouldBeTrue(response.Unavailable);
        response.Unavailable.ShouldBe($"Prometheus at {proxy.Url} redirects /api/v1/query to {target.Url}prom/api/v1/query, which drops the query (a login page, or a path prefix it adds): give the URL Prometheus answers at without a redirect");
    }

    [Fact]
    public async Task Canary_TokenFileAgainstAServerThatRefusesIt_Exit3OneLineNamingTheFileTokenShownNowhere()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.Unauthorized, "invalid bearer token"));
        var directory = Directory.CreateTempSubdirectory("tollgate-canary-token-").FullName;
        var tokenFile = Path.Combine(directory, "token");
        File.WriteAllText(tokenFile, Token + "\n");

        var run = await CliRun.RunAsync(directory, null, "canary", "--spec", Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"),
            "--prometheus", server.Url.ToString(), "--prometheus-token-file", tokenFile, "--at", "2026-11-01T10:30:00Z",
            "--ledger", Path.Combine(directory, "ledger.db"));

        var ledger = File.Exists(Path.Combine(directory, "ledger.db")) ? File.ReadAllText(Path.Combine(directory, "ledger.db")) : "";
        Directory.Delete(directory, recursive: true);
        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        // The token sent is named as the one refused, not advice to send the same token another way.
        run.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain($"refused the bearer token of --prometheus-token-file {tokenFile} with HTTP 401 (invalid bearer token): check that it is the right one and has not expired");
        run.Error.ShouldNotContain("TOLLGATE_PROMETHEUS_TOKEN");
        server.LastAuthorization.ShouldBe("Bearer " + Token);
        (run.Out + run.Error + ledger).ShouldNotContain(Token);
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task Canary_TokenInTheVariable_SentAsBearerAndNamedWhenRefused()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.Unauthorized, "invalid bearer token"));
        var directory = Directory.CreateTempSubdirectory("tollgate-canary-token-").FullName;
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var host = new Tollgate.Cli.CliHost(stdout, stderr, TimeProvider.System, directory)
        {
            Variable = name => name == "TOLLGATE_PROMETHEUS_TOKEN" ? Token : null,
        };

        var code = await Tollgate.Cli.TollgateCli.RunAsync(["canary", "--spec", Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"),
            "--prometheus", server.Url.ToString(), "--at", "2026-11-01T10:30:00Z", "--ledger", Path.Combine(directory, "ledger.db")], host);

        Directory.Delete(directory, recursive: true);
        code.ShouldBe(3, stderr.ToString());
        stderr.ToString().ShouldContain("refused the bearer token in TOLLGATE_PROMETHEUS_TOKEN with HTTP 401 (invalid bearer token)");
        server.LastAuthorization.ShouldBe("Bearer " + Token);
        (stdout.ToString() + stderr).ShouldNotContain(Token);
    }

    [Fact]
    public async Task Canary_TokenFileAndCredentialsInTheUrl_Exit3BeforeAnyQuery()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.OK, "{}"));
        var directory = Directory.CreateTempSubdirectory("tollgate-canary-token-").FullName;
        File.WriteAllText(Path.Combine(directory, "token"), Token);

        var run = await CliRun.RunAsync(directory, null, "canary", "--spec", Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"),
            "--prometheus", server.Url.ToString().Replace("http://", "http://ops:pw@", StringComparison.Ordinal), "--prometheus-token-file", "token",
            "--at", "2026-11-01T10:30:00Z", "--ledger", Path.Combine(directory, "ledger.db"));

        Directory.Delete(directory, recursive: true);
        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldContain("give credentials in the URL or a bearer token, not both");
        server.Requests.ShouldBe(0);
    }

    private static PrometheusSource Source(Uri url) =>
        new(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10)), TimeProvider.System);
}
