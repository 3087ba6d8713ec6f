using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Testing;

/// <summary>
/// The real OCI registry the retention tests run against: Debian's docker-registry with deletes enabled, started by
/// eng/test.d/registry.sh (<c>TOLLGATE_TEST_REGISTRY</c>) or, when the tests run by hand, by the first use through
/// eng/registry.sh, stopped when the test process exits; <see cref="WithHtpasswd"/> and <see cref="WithTokenService"/> are
/// ones that want a login. Images are built as OCI layouts here and pushed with skopeo.
/// </summary>
public sealed class RegistryServer
{
    public const string EnvironmentVariable = "TOLLGATE_TEST_REGISTRY";

    /// <summary>The user and password <see cref="WithHtpasswd"/> accepts (the password holds a ':', as passwords may).</summary>
    public const string HtpasswdUser = "tollgate";
    public const string HtpasswdPassword = "r3g1stry:Pa55";

    // bcrypt (the only scheme docker-registry's htpasswd accepts) of HtpasswdPassword, made with
    // python3 -c "import crypt; print(crypt.crypt('r3g1stry:Pa55', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))"
    private const string HtpasswdLine = HtpasswdUser + ":$2b$05$7psRYSGb8uF1I3iGiOM6QOPmTS6o3i.eWVKJxjvx.WUufYjpOnXEm";

    private static readonly Lazy<RegistryServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<RegistryServer> HtpasswdServer = new(StartHtpasswd, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _pushCredentials;

    private RegistryServer(Uri url, string? pushCredentials = null)
    {
        Url = url;
        _pushCredentials = pushCredentials;
    }

    public static RegistryServer Shared => SharedServer.Value;

    /// <summary>A registry that wants a Basic login (<c>auth: htpasswd:</c>) of <see cref="HtpasswdUser"/>, over plain HTTP on loopback.</summary>
    public static RegistryServer WithHtpasswd => HtpasswdServer.Value;

    /// <summary>
    /// A registry that wants Bearer tokens from <paramref name="tokens"/> (<c>auth: token:</c>); stopped when the test
    /// process exits.
    /// </summary>
    public static RegistryServer WithTokenService(RegistryTokenService tokens)
    {
        var directory = AuthDirectory("tollgate-registry-token-");
        File.WriteAllText(Path.Combine(directory, "root.pem"), tokens.CertificatePem);
        File.WriteAllText(Path.Combine(directory, "auth.yml"), $"""
            token:
              realm: {tokens.Realm}
              service: {RegistryTokenService.Service}
              issuer: {RegistryTokenService.Issuer}
              rootcertbundle: {Path.Combine(directory, "root.pem")}

            """);
        return new(new Uri(ScriptedService.Start("registry.sh", "docker-registry with token auth", Path.Combine(directory, "auth.yml"))),
            $"{RegistryTokenService.User}:{RegistryTokenService.Password}");
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>Builds a one-layer image whose layer holds <paramref name="content"/> and pushes it as <c>repository:tag</c>; returns its manifest digest.</summary>
    public Task<string> PushAsync(string repository, string tag, string content, DateTimeOffset created) =>
        PushLayoutAsync(repository, tag, async blobs => (await ImageAsync(blobs, content, created), "application/vnd.oci.image.manifest.v1+json"));

    /// <summary>
    /// Pushes a multi-platform image as <c>docker buildx</c> does: an image index whose first entry is an attestation
    /// manifest (platform <c>unknown/unknown</c>, config without <c>created</c>) and whose second is the linux/amd64 image
    /// built at <paramref name="created"/>; returns the index's digest.
    /// </summary>
    public Task<string> PushIndexAsync(string repository, string tag, string content, DateTimeOffset created) =>
        PushLayoutAsync(repository, tag, async blobs =>
        {
            var attestation = await ImageAsync(blobs, "attestation of " + content, created: null);
            var image = await ImageAsync(blobs, content, created);
            var index = await BlobAsync(blobs, Encoding.UTF8.GetBytes(
                $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{attestation.Digest}}}","size":{{{attestation.Size}}},"platform":{"architecture":"unknown","os":"unknown"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{image.Digest}}}","size":{{{image.Size}}},"platform":{"architecture":"amd64","os":"linux"}}]}"""));
            return (index, "application/vnd.oci.image.index.v1+json");
        });

    private async Task<string> PushLayoutAsync(string repository, string tag, Func<string, Task<((string Digest, int Size) Manifest, string MediaType)>> build)
    {
        var layout = Directory.CreateTempSubdirectory("tollgate-oci-").FullName;
        try
        {
            var blobs = Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256")).FullName;
            var (manifest, mediaType) = await build(blobs);
            await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
            await File.WriteAllTextAsync(Path.Combine(layout, "index.json"),
                $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"{{{mediaType}}}","digest":"{{{manifest.Digest}}}","size":{{{manifest.Size}}},"annotations":{"org.opencontainers.image.ref.name":"{{{tag}}}"}}]}""");
            string[] login = _pushCredentials is null ? [] : ["--dest-creds", _pushCredentials];
            var (code, error) = Run("skopeo", ["--insecure-policy", "copy", "--all", "--dest-tls-verify=false", "--quiet", .. login,
                $"oci:{layout}:{tag}", $"docker://{Url.Authority}/{repository}:{tag}"]);
            return code == 0 ? manifest.Digest : throw new InvalidOperationException($"skopeo copy to {Url.Authority}/{repository}:{tag} failed: {error}");
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    /// <summary>A one-layer image's blobs; its manifest's digest and size. Without <paramref name="created"/> its config has no creation time.</summary>
    private static async Task<(string Digest, int Size)> ImageAsync(string blobs, string content, DateTimeOffset? created)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "app/version.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            entry.ModificationTime = DateTimeOffset.UnixEpoch;
            await writer.WriteEntryAsync(entry);
        }

        var gz = new MemoryStream();
        await using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            await zip.WriteAsync(tar.ToArray());
        }

        var layer = await BlobAsync(blobs, gz.ToArray());
        var createdField = created is { } at ? $"\"created\":\"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\"," : "";
        var config = await BlobAsync(blobs, Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux",{{{createdField}}}"config":{},"rootfs":{"type":"layers","diff_ids":["{{{Digest(tar.ToArray())}}}"]}}"""));
        return await BlobAsync(blobs, Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config.Digest}}}","size":{{{config.Size}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layer.Digest}}}","size":{{{layer.Size}}}}]}"""));
    }

    private static async Task<(string Digest, int Size)> BlobAsync(string blobs, byte[] bytes)
    {
        var digest = Digest(bytes);
        await File.WriteAllBytesAsync(Path.Combine(blobs, digest["sha256:".Length..]), bytes);
        return (digest, bytes.Length);
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static RegistryServer Start() =>
        new(new Uri(ScriptedService.Address(EnvironmentVariable, "registry.sh", "docker-registry")));

    private static RegistryServer StartHtpasswd()
    {
        var directory = AuthDirectory("tollgate-registry-htpasswd-");
        File.WriteAllText(Path.Combine(directory, "htpasswd"), HtpasswdLine + "\n");
        File.WriteAllText(Path.Combine(directory, "auth.yml"), $"htpasswd:\n  realm: tollgate-test\n  path: {Path.Combine(directory, "htpasswd")}\n");
        return new(new Uri(ScriptedService.Start("registry.sh", "docker-registry with htpasswd auth", Path.Combine(directory, "auth.yml"))),
            $"{HtpasswdUser}:{HtpasswdPassword}");
    }

    /// <summary>A directory for a registry's auth files, removed with the test process's other scratch folders.</summary>
    private static string AuthDirectory(string prefix) => TestScratch.CreateSubdirectory(prefix).FullName;

    private static (int Code, string Error) Run(string file, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        return (process.ExitCode, error);
    }
}
