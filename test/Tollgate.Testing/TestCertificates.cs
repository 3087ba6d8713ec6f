using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tollgate.Testing;

/// <summary>
/// A certificate authority made for one test (its name its own, so that another test's is not taken for it), the server certificate it issues for 127.0.0.1 and localhost, and a client
/// certificate it issues for mutual TLS, each also written as PEM (the CA alone; the client certificate with its key, as
/// MLflow's <c>MLFLOW_TRACKING_CLIENT_CERT_PATH</c> takes it) under the test process's scratch folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client, string directory)
    {
        (Authority, Server, Client, Directory) = (authority, server, client, directory);
        AuthorityPem = Path.Combine(directory, "ca.pem");
        ClientPem = Path.Combine(directory, "client.pem");
        File.WriteAllText(AuthorityPem, authority.ExportCertificatePem() + "\n");
        using var key = client.GetRSAPrivateKey()!;
        File.WriteAllText(ClientPem, client.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate with its key, for 127.0.0.1 and localhost, issued by <see cref="Authority"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A client certificate with its key, issued by <see cref="Authority"/>.</summary>
    public X509Certificate2 Client { get; }

    public string Directory { get; }

    /// <summary>The authority's certificate as PEM: a CA bundle of one.</summary>
    public string AuthorityPem { get; }

    /// <summary>The client certificate and its private key, one PEM file.</summary>
    public string ClientPem { get; }

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN=Tollgate Test CA {Guid.NewGuid():N}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        var server = Issue(authority, "CN=127.0.0.1", now, names.Build(), "1.3.6.1.5.5.7.3.1");
        var client = Issue(authority, "CN=tollgate-client", now, null, "1.3.6.1.5.5.7.3.2");
        return new TestCertificates(authority, server, client, TestScratch.CreateSubdirectory("tollgate-tls-").FullName);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, DateTimeOffset now, X509Extension? names, string usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var issued = request.Create(authority, now.AddDays(-1), now.AddDays(29), serial);
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
