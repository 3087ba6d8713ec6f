using System.Net;
using Tollgate.Models.Mlflow;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// <see cref="MlflowTls"/> tells a server that asked for a client certificate from one that never did: .NET calls the
/// selection callback before every handshake too, and a later failure (a connection that ends) against a server that
/// never asked must not be put down to a missing client certificate.
/// </summary>
public sealed class MlflowTlsTests
{
    [Fact]
    public async Task Explain_ServerThatNeverAskedForAClientCertificate_NotPutDownToOne()
    {
        using var certificates = TestCertificates.Create();
        await using var server = TlsServer.Start(certificates.Server, _ => (HttpStatusCode.OK, """{"registered_models":[]}"""));
        using var tls = MlflowTls.Of(name => name == MlflowTls.ServerCertVariable ? certificates.AuthorityPem : null, "/");
        using var http = new HttpClient(tls.Handler());
        var source = new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), null, tls);

        using var answer = await source.GetAsync("registered-models/search", [], CancellationToken.None);

        // Before the check of the server's certificate in the callback, this said "the server asks for a client certificate".
        tls.Explain(new HttpRequestException(HttpRequestError.ResponseEnded)).ShouldBeNull();
        server.Requests.ShouldBe(1);
    }
}
