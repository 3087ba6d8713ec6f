using System.Net;
using System.Text;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// A registry reached over https whose 401 names a plain-http token service (<c>realm="http://…"</c>): the login is
/// refused with one line (exit 3) before anything is sent there, where the user and password went to it as Basic, in
/// clear. A handler plays the registry: no local one serves https.
/// </summary>
public sealed class RegistryRealmTests
{
    private sealed class Challenging(string realm) : HttpMessageHandler
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add($"{request.Method} {request.RequestUri} {request.Headers.Authorization}".TrimEnd());
            return Task.FromResult(request.RequestUri!.Host == "registry.test"
                ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
                {
                    Content = new StringContent("""{"errors":[{"code":"UNAUTHORIZED"}]}""", Encoding.UTF8, "application/json"),
                    Headers = { { "WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"registry.test\",scope=\"repository:shop/web:pull\"" } },
                }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"token":"t"}""", Encoding.UTF8, "application/json") });
        }
    }

    public static readonly TheoryData<string> Credentials = ["password", "identity token", "none"];

    private static RegistryCredential? Credential(string kind) => kind switch
    {
        "password" => RegistryCredential.Password("ci", "Pa55-Secret", "--username"),
        "identity token" => RegistryCredential.Token("ci", "refresh-Secret", "auths.registry.test in config.json"),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Artifacts_HttpsRegistryNamesAnHttpRealm_RefusedBeforeAnythingIsSentThere(string kind)
    {
        var handler = new Challenging("http://auth.test/token");
        using var http = new HttpClient(handler);
        var oci = new OciRegistry(http, new Uri("https://registry.test/"), new RegistryLogin(http, Credential(kind), _ => null, delete: true));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe("https://registry.test/: its token service http://auth.test/token is plain http while the registry is https: refused, so no login or token crosses the network unencrypted (the registry's WWW-Authenticate realm must be https)");
        handler.Seen.ShouldBe(["GET https://registry.test/v2/shop/web/tags/list?n=1000"]);
    }

    [Theory]
    [InlineData("ftp://auth.test/token")]
    [InlineData("file:///etc/passwd")]
    public async Task Artifacts_RealmNotHttp_RefusedBeforeAnythingIsSentThere(string realm)
    {
        var handler = new Challenging(realm);
        using var http = new HttpClient(handler);
        var oci = new OciRegistry(http, new Uri("http://registry.test/"), new RegistryLogin(http, Credential("password"), _ => null, delete: false));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        error.Message.ShouldBe($"http://registry.test/: its WWW-Authenticate realm '{realm}' is not an http(s) URL: no login was sent");
        handler.Seen.ShouldBe(["GET http://registry.test/v2/shop/web/tags/list?n=1000"]);
    }

    [Fact]
    public async Task Artifacts_HttpRegistryWithAnHttpRealm_LogsInAsBefore()
    {
        var handler = new Challenging("http://auth.test/token");
        using var http = new HttpClient(handler);
        var oci = new OciRegistry(http, new Uri("http://registry.test/"), new RegistryLogin(http, Credential("password"), _ => null, delete: false));

        await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync("shop/web", CancellationToken.None));

        handler.Seen.ShouldContain(s => s.StartsWith("GET http://auth.test/token?", StringComparison.Ordinal) && s.EndsWith("Basic Y2k6UGE1NS1TZWNyZXQ=", StringComparison.Ordinal));
    }
}
