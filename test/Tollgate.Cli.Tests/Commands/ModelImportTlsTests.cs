using System.Net;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate model import --mlflow https://…</c> against a real local HTTPS server whose certificate authority is made
/// in the test, with MLflow's TLS variables as its Python client reads them: an untrusted certificate is exit 3 naming
/// the host and the variable that fixes it; <c>MLFLOW_TRACKING_SERVER_CERT_PATH</c> trusts a CA bundle,
/// <c>MLFLOW_TRACKING_INSECURE_TLS</c> skips verification with one warning, <c>MLFLOW_TRACKING_CLIENT_CERT_PATH</c> answers
/// a server that asks for a client certificate.
/// </summary>
public sealed class ModelImportTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    /// <summary>MLflow's answers for one model with one version and its run, by path.</summary>
    private static (HttpStatusCode, string) Registry(string target) => target.Split('?')[0] switch
    {
        "/api/2.0/mlflow/registered-models/search" => (HttpStatusCode.OK, """{"registered_models":[{"name":"fraud","aliases":[]}]}"""),
        "/api/2.0/mlflow/model-versions/search" => (HttpStatusCode.OK,
            """{"model_versions":[{"name":"fraud","version":"1","creation_timestamp":1700000000000,"current_stage":"Production","source":"runs:/r1/model","run_id":"r1"}]}"""),
        "/api/2.0/mlflow/runs/get" => (HttpStatusCode.OK,
            """{"run":{"info":{"run_id":"r1"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"train","digest":"3f2a9c1b","source":"train.csv"}}]}}}"""),
        _ => (HttpStatusCode.NotFound, """{"error_code":"ENDPOINT_NOT_FOUND","message":"no such endpoint"}"""),
    };

    private static Task<CliRun> ImportAsync(TlsServer server, Dictionary<string, string> variables) =>
        CliRun.RunAsync(TestScratch.CreateSubdirectory("tollgate-import-").FullName, "", variables, "model", "import", "--mlflow", server.Url.ToString(), "--timeout", "10s");

    [Fact]
    public async Task Import_UntrustedCertificate_Exit3NamingTheHostAndTheVariables()
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry);

        var run = await ImportAsync(server, []);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: MLflow at https://127.0.0.1:{server.Url.Port}: verifying the server's certificate failed: it is not issued by a certificate authority this machine trusts; set MLFLOW_TRACKING_SERVER_CERT_PATH to a PEM bundle of the CA that issued it, or MLFLOW_TRACKING_INSECURE_TLS=true to skip verification (never in production)\n");
        server.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Import_ServerCertPathToTheAuthority_Imports()
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry);

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = _certificates.AuthorityPem });

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        run.Out.ShouldContain("imported 1 model from MLflow");
        server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Import_ServerCertPathToACaDirectory_TrustsTheCertificatesInItsFiles()
    {
        // As requests' verify takes OpenSSL's CA directory: PEM files among others (a README, a DER copy, a dangling link).
        await using var server = TlsServer.Start(_certificates.Server, Registry);
        using var other = TestCertificates.Create();
        var directory = TestScratch.CreateSubdirectory("tollgate-cadir-").FullName;
        File.Copy(other.AuthorityPem, Path.Combine(directory, "a-other.pem"));
        File.Copy(_certificates.AuthorityPem, Path.Combine(directory, "b-ours.crt"));
        File.WriteAllText(Path.Combine(directory, "README"), "CA certificates\n");
        File.WriteAllBytes(Path.Combine(directory, "ours.der"), _certificates.Authority.RawData);
        File.CreateSymbolicLink(Path.Combine(directory, "gone.0"), Path.Combine(directory, "gone.pem"));

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = directory });

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("imported 1 model from MLflow");
        server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Import_ServerCertPathToADirectoryWithoutCertificates_Exit3BeforeAnyRequest()
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry);
        var directory = TestScratch.CreateSubdirectory("tollgate-cadir-").FullName;
        File.WriteAllText(Path.Combine(directory, "README"), "CA certificates\n");

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = directory });

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: MLFLOW_TRACKING_SERVER_CERT_PATH {directory}: no file in this directory holds a PEM certificate (-----BEGIN CERTIFICATE-----); give a CA bundle in PEM or a directory of them\n");
        server.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Import_ServerCertPathToAnotherAuthority_Exit3NamingTheBundle()
    {
        using var other = TestCertificates.Create();
        await using var server = TlsServer.Start(_certificates.Server, Registry);

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = other.AuthorityPem });

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: MLflow at https://127.0.0.1:{server.Url.Port}: verifying the server's certificate failed: it is not issued by a certificate authority in MLFLOW_TRACKING_SERVER_CERT_PATH {other.AuthorityPem}; put the CA that issued it in MLFLOW_TRACKING_SERVER_CERT_PATH {other.AuthorityPem}, or set MLFLOW_TRACKING_SERVER_CERT_PATH to the bundle that holds it\n");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public async Task Import_InsecureTls_ImportsWithOneWarning(string value)
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry);

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_INSECURE_TLS"] = value });

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBe($"tollgate: warning: MLFLOW_TRACKING_INSECURE_TLS is true: the certificate of MLflow at https://127.0.0.1:{server.Url.Port} is not verified, so anyone on the way can answer for it and read the credentials sent\n");
        server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Import_InsecureTlsFalse_VerifiesAsUnset()
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry);

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_INSECURE_TLS"] = "false" });

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldContain("verifying the server's certificate failed");
    }

    [Fact]
    public async Task Import_ServerAsksForAClientCertificate_Exit3WithoutOneAndImportsWithClientCertPath()
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry, clientAuthority: _certificates.Authority);
        var trusted = new Dictionary<string, string> { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = _certificates.AuthorityPem };

        var without = await ImportAsync(server, trusted);
        var with = await ImportAsync(server, new(trusted) { ["MLFLOW_TRACKING_CLIENT_CERT_PATH"] = _certificates.ClientPem });

        without.ExitCode.ShouldBe(3, without.Out + without.Error);
        without.Error.ShouldBe($"tollgate: error: MLflow at https://127.0.0.1:{server.Url.Port}: the server asks for a client certificate (mutual TLS) and none was given; set MLFLOW_TRACKING_CLIENT_CERT_PATH to a PEM file holding the certificate and its private key\n");
        with.ExitCode.ShouldBe(0, with.Error);
        with.Out.ShouldContain("imported 1 model from MLflow");
        server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Import_ClientCertificateTheServerDoesNotAccept_Exit3NamingIt()
    {
        using var other = TestCertificates.Create();
        await using var server = TlsServer.Start(_certificates.Server, Registry, clientAuthority: _certificates.Authority);

        var run = await ImportAsync(server, new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = _certificates.AuthorityPem, ["MLFLOW_TRACKING_CLIENT_CERT_PATH"] = other.ClientPem });

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: MLflow at https://127.0.0.1:{server.Url.Port}: the connection ended before an answer, with the client certificate from MLFLOW_TRACKING_CLIENT_CERT_PATH {other.ClientPem} offered: the server may not accept that certificate\n");
    }

    [Theory]
    [InlineData("insecure and bundle", "tollgate: error: MLFLOW_TRACKING_INSECURE_TLS is true and MLFLOW_TRACKING_SERVER_CERT_PATH is set: one skips verifying the server's certificate, the other verifies it against a CA bundle; unset one (MLflow's client refuses the pair too)\n")]
    [InlineData("insecure yes", "tollgate: error: MLFLOW_TRACKING_INSECURE_TLS is 'yes': give true or false (or 1 or 0), as MLflow reads it\n")]
    [InlineData("missing bundle", "tollgate: error: MLFLOW_TRACKING_SERVER_CERT_PATH DIR/missing.pem does not exist\n")]
    [InlineData("bundle not PEM", "tollgate: error: MLFLOW_TRACKING_SERVER_CERT_PATH DIR/not.pem: no PEM certificate in it (-----BEGIN CERTIFICATE-----); give a CA bundle in PEM\n")]
    [InlineData("client without key", "tollgate: error: MLFLOW_TRACKING_CLIENT_CERT_PATH DIR/ca.pem: no private key in it; give one PEM file holding the client certificate and its unencrypted private key\n")]
    [InlineData("missing client", "tollgate: error: MLFLOW_TRACKING_CLIENT_CERT_PATH DIR/missing.pem does not exist\n")]
    public async Task Import_TlsVariablesThatCannotBeUsed_Exit3BeforeAnyRequest(string problem, string error)
    {
        await using var server = TlsServer.Start(_certificates.Server, Registry);
        var directory = _certificates.Directory;
        File.WriteAllText(Path.Combine(directory, "not.pem"), "not a certificate\n");
        Dictionary<string, string> variables = problem switch
        {
            "insecure and bundle" => new() { ["MLFLOW_TRACKING_INSECURE_TLS"] = "true", ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = _certificates.AuthorityPem },
            "insecure yes" => new() { ["MLFLOW_TRACKING_INSECURE_TLS"] = "yes" },
            "missing bundle" => new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = Path.Combine(directory, "missing.pem") },
            "bundle not PEM" => new() { ["MLFLOW_TRACKING_SERVER_CERT_PATH"] = Path.Combine(directory, "not.pem") },
            "client without key" => new() { ["MLFLOW_TRACKING_CLIENT_CERT_PATH"] = _certificates.AuthorityPem },
            _ => new() { ["MLFLOW_TRACKING_CLIENT_CERT_PATH"] = Path.Combine(directory, "missing.pem") },
        };

        var run = await ImportAsync(server, variables);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe(error.Replace("DIR", directory, StringComparison.Ordinal));
        server.Requests.ShouldBe(0);
    }

    public void Dispose() => _certificates.Dispose();
}
