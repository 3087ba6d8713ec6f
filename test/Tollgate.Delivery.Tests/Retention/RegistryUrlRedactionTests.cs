using System.Net;
using System.Text;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// A <c>--registry</c> URL carrying a user and password or a token in its query, and a token service's URL carrying one:
/// the registry's and the token service's error lines show them as <c>***</c> (<c>PrometheusUrl.Redact</c>, as MLflow's
/// and Prometheus' lines do), never as given. A handler plays the registry and its token service.
/// </summary>
public sealed class RegistryUrlRedactionTests
{
    private const string Registry = "https://ci:s3cret@registry.test/?token=t0k3n";

    private const string Shown = "https://***@registry.test/?token=***";

    private sealed class Answers(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private sealed class Failing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed");
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body) => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>The registry's 401 sending the login to <paramref name="realm"/>, which answers <paramref name="token"/>.</summary>
    private static Answers Challenging(string realm, HttpResponseMessage token) => new(request => request.RequestUri!.Host == "registry.test"
        ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent("""{"errors":[{"code":"UNAUTHORIZED"}]}"""),
            Headers = { { "WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"registry.test\",scope=\"repository:shop/web:pull\"" } },
        }
        : token);

    private static HttpMessageHandler Handler(string failure) => failure switch
    {
        "no repository" => new Answers(_ => Answer(HttpStatusCode.NotFound, """{"errors":[{"code":"NAME_UNKNOWN"}]}""")),
        "an error" => new Answers(_ => Answer(HttpStatusCode.InternalServerError, "down")),
        "not JSON" => new Answers(_ => Answer(HttpStatusCode.OK, "<html>")),
        "unreachable" => new Failing(),
        "token service error" => Challenging("https://svc:k3y@auth.test/token?key=k3y", Answer(HttpStatusCode.InternalServerError, "busy")),
        "token service without a token" => Challenging("https://svc:k3y@auth.test/token", Answer(HttpStatusCode.OK, "{}")),
        _ => Challenging("ftp://svc:k3y@auth.test/token", Answer(HttpStatusCode.OK, "{}")),
    };

    [Theory]
    [InlineData("no repository", $"{Shown}: no repository shop/web")]
    [InlineData("an error", $"{Shown}: GET shop/web tags answered 500 down")]
    [InlineData("not JSON", $"{Shown}: GET shop/web tags answered 200 with application/json, not JSON: is --registry the OCI registry itself (not a login page or a proxy in front of it)?")]
    [InlineData("unreachable", $"cannot reach the registry at {Shown}: the TLS handshake failed (no TLS server there, or a certificate not trusted here)")]
    [InlineData("token service error", $"{Shown}: the token service https://***@auth.test/token answered 500 busy")]
    [InlineData("token service without a token", $"{Shown}: the token service https://***@auth.test/token answered without a token (no \"token\" or \"access_token\" in its JSON)")]
    [InlineData("realm not http", $"{Shown}: its WWW-Authenticate realm 'ftp://***@auth.test/token' is not an http(s) URL: no login was sent")]
    public async Task Artifacts_UrlsWithSecrets_ErrorLineShowsThemRedacted(string failure, string expected)
    {
        // Before: the registry as given (https://ci:s3cret@registry.test/?token=t0k3n: …) and the token service with its user and password.
        using var http = new HttpClient(Handler(failure));
        var oci = new OciRegistry(http, new Uri(Registry));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe(expected, failure);
        error.Message.ShouldNotContain("s3cret");
        error.Message.ShouldNotContain("t0k3n");
        error.Message.ShouldNotContain("k3y");
    }

    [Fact]
    public async Task Delete_Refused_ErrorLineShowsTheRegistryRedacted()
    {
        using var http = new HttpClient(new Answers(_ => Answer(HttpStatusCode.MethodNotAllowed, "")));
        var oci = new OciRegistry(http, new Uri(Registry));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.DeleteAsync("shop/web", "sha256:" + new string('a', 64), CancellationToken.None));

        error.Message.ShouldStartWith($"{Shown}: DELETE shop/web@sha256:{new string('a', 64)} answered 405");
        error.Message.ShouldEndWith("(deletes are disabled in the registry's storage configuration)");
    }
}
