using System.Net;
using System.Text;
using Tollgate.Domain;
using Tollgate.Models.Mlflow;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// An MLflow that requires authentication (its basic-auth app, Databricks, a managed MLflow): the URL's user and password
/// are sent as Basic, a given credential as its header, on every request; a 401 or 403 says what was sent and never the
/// secret; a redirect is asked without credentials. Before, nothing was sent and every such MLflow answered 401.
/// </summary>
public sealed class MlflowAuthenticationTests
{
    private const string NotAuthenticated = "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.";

    /// <summary>MLflow's basic-auth app: the registry to a request with <paramref name="expected"/> as its Authorization, else its 401.</summary>
    private static Func<HttpListenerRequest, (HttpStatusCode, string)> Requiring(string expected) => request =>
        request.Headers["Authorization"] == expected ? (HttpStatusCode.OK, """{"registered_models":[]}""") : (HttpStatusCode.Unauthorized, NotAuthenticated);

    private static string Basic(string userAndPassword) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    private static Task<System.Text.Json.JsonDocument> AskAsync(MlflowHttpSource source) =>
        source.GetAsync("registered-models/search", [], CancellationToken.None);

    [Theory]
    [InlineData("ci:s3cret", "ci:s3cret")]
    [InlineData("ci%40corp:p%40ss%3Aw%C3%B6rd%20x", "ci@corp:p@ss:wörd x")]
    [InlineData("ci:", "ci:")]
    public async Task GetAsync_CredentialsInTheUrl_SentAsBasicPercentDecoded(string userInfo, string decoded)
    {
        await using var server = await ScriptedServer.StartAsync(Requiring(Basic(decoded)));
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, new Uri($"http://{userInfo}@127.0.0.1:{server.Url.Port}/"), TimeSpan.FromSeconds(10));

        using var answer = await AskAsync(source);

        server.LastAuthorization.ShouldBe(Basic(decoded));
        answer.RootElement.GetProperty("registered_models").GetArrayLength().ShouldBe(0);
        source.Server.ShouldBe($"http://***@127.0.0.1:{server.Url.Port}");
    }

    [Theory]
    [InlineData("basic", "Basic Y2k6czNjcmV0")]
    [InlineData("bearer", "Bearer dapi0123.t0ken")]
    public async Task GetAsync_GivenCredential_SentAsItsHeader(string kind, string header)
    {
        await using var server = await ScriptedServer.StartAsync(Requiring(header));
        using var http = new HttpClient();
        var credential = kind == "basic" ? MlflowCredential.Basic("ci", "s3cret", "the test") : MlflowCredential.Bearer("dapi0123.t0ken", "the test");
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), credential);

        using var answer = await AskAsync(source);

        server.LastAuthorization.ShouldBe(header);
        answer.RootElement.GetProperty("registered_models").GetArrayLength().ShouldBe(0);
        credential.ToString().ShouldNotContain(kind == "basic" ? "s3cret" : "t0ken");
    }

    [Theory]
    [InlineData("none", 401, "authentication refused (HTTP 401); sent no credentials: put user:password@ in the URL, or set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")]
    [InlineData("url", 401, "authentication refused (HTTP 401); sent Basic credentials from the URL, which it does not accept")]
    [InlineData("variables", 401, "authentication refused (HTTP 401); sent Basic credentials from MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, which it does not accept")]
    [InlineData("token", 403, "authentication or permission refused (HTTP 403); sent a Bearer token from MLFLOW_TRACKING_TOKEN, which it does not accept or whose user may not read the registry")]
    public async Task GetAsync_Refused_OneLineSayingWhatWasSentWithoutTheSecret(string sent, int status, string expected)
    {
        await using var server = await ScriptedServer.StartAsync(((HttpStatusCode)status, NotAuthenticated));
        var port = server.Url.Port;
        using var http = new HttpClient();
        var source = sent switch
        {
            "url" => new MlflowHttpSource(http, new Uri($"http://ci:s3cret@127.0.0.1:{port}/"), TimeSpan.FromSeconds(10)),
            "variables" => new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), MlflowCredential.Basic("ci", "s3cret", "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")),
            "token" => new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), MlflowCredential.Bearer("s3cret", MlflowCredential.TokenVariable)),
            _ => new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10)),
        };

        var error = await Should.ThrowAsync<InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        error.Message.ShouldEndWith(": " + expected);
        error.Message.ShouldStartWith($"MLflow registered-models/search at http://{(sent == "url" ? "***@" : "")}127.0.0.1:{port}: ");
        error.ToString().ShouldNotContain("s3cret");
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_ForbiddenWithAnMlflowErrorThatEchoesTheToken_ItsWordsWithTheTokenHidden()
    {
        // A Databricks-shaped refusal, from a server careless enough to quote the token back.
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.Forbidden,
            """{"error_code":"PERMISSION_DENIED","message":"Invalid access token dapi0123.t0ken\nfor workspace"}"""));
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), MlflowCredential.Bearer("dapi0123.t0ken", MlflowCredential.TokenVariable));

        var error = await Should.ThrowAsync<InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        error.Message.ShouldBe($"MLflow registered-models/search at http://127.0.0.1:{server.Url.Port}: authentication or permission refused (HTTP 403: PERMISSION_DENIED: Invalid access token ***\\nfor workspace); sent a Bearer token from MLFLOW_TRACKING_TOKEN, which it does not accept or whose user may not read the registry");
    }

    [Fact]
    public async Task GetAsync_RedirectToAnotherServer_CredentialsNotForwarded()
    {
        // .NET's HttpClient drops Authorization on every redirect it follows (same host or not): pinned here, since
        // forwarding would hand the password to whatever the first server names.
        await using var target = await ScriptedServer.StartAsync((HttpStatusCode.OK, """{"registered_models":[]}"""));
        await using var origin = await ScriptedServer.RedirectingAsync(target.Url);
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, new Uri($"http://ci:s3cret@127.0.0.1:{origin.Url.Port}/"), TimeSpan.FromSeconds(10));

        using var answer = await AskAsync(source);

        origin.LastAuthorization.ShouldBe(Basic("ci:s3cret"));
        target.Paths.ShouldBe(["/api/2.0/mlflow/registered-models/search"]);
        target.Authorizations.ShouldBe([null]);
        answer.RootElement.GetProperty("registered_models").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_RedirectThenRefused_SaysCredentialsDoNotFollowARedirect()
    {
        await using var target = await ScriptedServer.StartAsync(Requiring(Basic("ci:s3cret")));
        await using var origin = await ScriptedServer.RedirectingAsync(target.Url);
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, new Uri($"http://ci:s3cret@127.0.0.1:{origin.Url.Port}/"), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<InvalidInputException>(() => source.GetAsync("registered-models/search", [new("max_results", "1000")], CancellationToken.None));

        target.Authorizations.ShouldBe([null]);
        error.Message.ShouldBe($"MLflow registered-models/search at http://***@127.0.0.1:{origin.Url.Port}: authentication refused (HTTP 401) at {target.Url}api/2.0/mlflow/registered-models/search, where /api/2.0/mlflow/registered-models/search redirects; sent Basic credentials from the URL to http://***@127.0.0.1:{origin.Url.Port} only, as credentials do not follow a redirect: give the URL MLflow answers at without one");
    }

    [Fact]
    public void Constructor_UrlWithAUserAndNoPassword_InputErrorBeforeAnyRequest()
    {
        using var http = new HttpClient();

        var error = Should.Throw<InvalidInputException>(() => new MlflowHttpSource(http, new Uri("https://ci@mlflow.test/"), TimeSpan.FromSeconds(10)));

        error.Message.ShouldBe("MLflow at https://***@mlflow.test: the URL names a user without a password; write user:password@ (percent-encoded), or use MLFLOW_TRACKING_TOKEN for a token");
    }

    [Fact]
    public void Constructor_UrlCredentialsAndAGivenCredential_Refused()
    {
        using var http = new HttpClient();

        Should.Throw<ArgumentException>(() => new MlflowHttpSource(http, new Uri("https://ci:s3cret@mlflow.test/"), TimeSpan.FromSeconds(10),
            MlflowCredential.Bearer("t0ken", MlflowCredential.TokenVariable)));
    }
}
