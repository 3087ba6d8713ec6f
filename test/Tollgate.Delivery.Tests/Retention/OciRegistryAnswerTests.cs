using System.Net;
using System.Text;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// What no local registry can be made to show, so a handler plays it: a login page or a proxy's error page served with
/// 200, a registry under a path prefix, an OAuth2 token service taking an identity token.
/// </summary>
public sealed class OciRegistryAnswerTests
{
    private sealed class Page(string mediaType, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
    }

    [Fact]
    public async Task Artifacts_AnswerIsAnHtmlPage_OneLineNamingTheRegistryAndTheRequest()
    {
        using var http = new HttpClient(new Page("text/html", "<html>\n<body>Sign in</body>\n</html>"));
        var oci = new OciRegistry(http, new Uri("http://registry.test/"));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe(
            "http://registry.test/: GET shop/web tags answered 200 with text/html, not JSON: is --registry the OCI registry itself (not a login page or a proxy in front of it)?");
    }

    private sealed class Failing(HttpRequestException failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => throw failure;
    }

    [Fact]
    public async Task Artifacts_TlsHandshakeFails_SaysSoInWordsNotTheRuntimes()
    {
        // The failure as the Native AOT binary's runtime gives it: its message a resource key, which the line printed
        // ("cannot reach the registry at …: net_http_ssl_connection_failed").
        using var http = new HttpClient(new Failing(new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed")));
        var oci = new OciRegistry(http, new Uri("https://registry.test/"));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe("cannot reach the registry at https://registry.test/: the TLS handshake failed (no TLS server there, or a certificate not trusted here)");
    }

    /// <summary>Answers by the test's function of each request, keeping each request's method, URL and form body.</summary>
    private sealed class Answers(Func<HttpRequestMessage, string, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Seen.Add($"{request.Method} {request.RequestUri} {request.Headers.Authorization} {body}".TrimEnd());
            return answer(request, body);
        }
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Theory]
    [InlineData("{\"name\":\"shop/web\",\"tags\":[\"v1\\ud800\"]}", "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 31 (an escape such as \\ud800 without its other half)")]
    [InlineData("{\"name\":\"shop/web\",\"tags\":[\"v1\u00c3(\"]}", "not UTF-8: an invalid byte sequence at line 1, column 31")]
    public async Task Artifacts_TagsAnswerNotUnicodeText_OneLineNamingTheRegistryTheRequestAndWhere(string answer, string problem)
    {
        // Before: "an input is not Unicode text: …", naming neither the registry nor the request. Latin-1: \u00c3 is the byte 0xC3.
        using var http = new HttpClient(new Answers((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(answer)) }));
        var oci = new OciRegistry(http, new Uri("http://registry.test/"));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe($"http://registry.test/: GET shop/web tags answered 200 with JSON that is {problem}");
    }

    [Fact]
    public async Task Artifacts_TokenServiceAnswerNotUnicodeText_OneLineNamingTheTokenService()
    {
        var answers = new Answers((request, _) => request.RequestUri!.Host == "auth.test"
            ? Json("""{"token":"ab\ud800"}""")
            : new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("""{"errors":[{"code":"UNAUTHORIZED"}]}"""),
                Headers = { { "WWW-Authenticate", """Bearer realm="https://auth.test/token",service="registry.test",scope="repository:shop/web:pull" """ } },
            });
        using var http = new HttpClient(answers);

        var error = await Should.ThrowAsync<InvalidInputException>(() => new OciRegistry(http, new Uri("https://registry.test/")).ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe("https://registry.test/: the token service https://auth.test/token answered JSON that is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 13 (an escape such as \\ud800 without its other half)");
    }

    [Fact]
    public async Task Artifacts_RegistryUrlWithAPath_AsksUnderThatPathAndFollowsPages()
    {
        // Before: https://host/mirror lost its path: GET https://host/v2/shop/web/tags/list.
        var answers = new Answers((request, _) => request.RequestUri!.PathAndQuery switch
        {
            "/mirror/v2/shop/web/tags/list?n=1000" => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"tags":[]}"""),
                Headers = { { "Link", "</v2/shop/web/tags/list?last=a&n=1000>; rel=\"next\"" } },
            },
            "/mirror/v2/shop/web/tags/list?last=a&n=1000" => Json("""{"tags":[]}"""),
            _ => Json("""{"errors":[{"code":"NAME_UNKNOWN"}]}""", HttpStatusCode.NotFound),
        });
        using var http = new HttpClient(answers);

        var listed = await new OciRegistry(http, new Uri("https://registry.test/mirror")).ArtifactsAsync("shop/web", CancellationToken.None);

        listed.ShouldBeEmpty();
        answers.Seen.ShouldBe(["GET https://registry.test/mirror/v2/shop/web/tags/list?n=1000", "GET https://registry.test/mirror/v2/shop/web/tags/list?last=a&n=1000"]);
    }

    [Fact]
    public async Task Artifacts_IdentityToken_ExchangedAtTheTokenServiceByOAuth2Post()
    {
        var answers = new Answers((request, body) => (request.Method.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString()) switch
        {
            ("POST", "/oauth/token", _) => Json("""{"access_token":"short-lived","refresh_token":"next"}"""),
            ("GET", _, "Bearer short-lived") => Json("""{"tags":[]}"""),
            _ => new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("""{"errors":[{"code":"UNAUTHORIZED"}]}"""),
                Headers = { { "WWW-Authenticate", """Bearer realm="https://auth.test/oauth/token",service="registry.test",scope="repository:shop/web:pull" """ } },
            },
        });
        using var http = new HttpClient(answers);
        var credential = RegistryCredential.Token("ci", "long-lived-refresh", "auths.registry.test in config.json");

        var listed = await new OciRegistry(http, new Uri("https://registry.test"), new RegistryLogin(http, credential, _ => null, delete: true))
            .ArtifactsAsync("shop/web", CancellationToken.None);

        listed.ShouldBeEmpty();
        answers.Seen.ShouldBe(
        [
            "GET https://registry.test/v2/shop/web/tags/list?n=1000",
            "POST https://auth.test/oauth/token  grant_type=refresh_token&refresh_token=long-lived-refresh&service=registry.test&scope=repository%3Ashop%2Fweb%3Apull%2Cdelete&client_id=tollgate",
            "GET https://registry.test/v2/shop/web/tags/list?n=1000 Bearer short-lived",
        ]);
    }

    [Theory]
    [InlineData("""realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull,push" """, "https://auth.docker.io/token|registry.docker.io|repository:library/alpine:pull,push")]
    [InlineData("""realm=https://auth.test/t, service=reg, error="insufficient_scope" """, "https://auth.test/t|reg|")]
    [InlineData("""realm="a \"quoted\" realm" """, "a \"quoted\" realm||")]
    public void Parse_ChallengeParameters_QuotedValuesKeepTheirCommas(string parameters, string expected)
    {
        var parsed = RegistryChallenge.Parse(parameters);

        $"{parsed.GetValueOrDefault("realm")}|{parsed.GetValueOrDefault("service")}|{parsed.GetValueOrDefault("scope")}".ShouldBe(expected);
    }
}
