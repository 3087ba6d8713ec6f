using System.Net;
using System.Text;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// What stands in front of a registry and is not one: a login page or a proxy's error page served with 200. No real
/// registry answers so, so a handler does.
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
}
