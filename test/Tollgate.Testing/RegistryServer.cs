using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Testing;

/// <summary>
/// The real OCI registry the retention tests run against: Debian's docker-registry with deletes enabled, started by
/// eng/test.d/registry.sh (<c>TOLLGATE_TEST_REGISTRY</c>) or, when the tests run by hand, by the first use through
/// eng/registry.sh, stopped when the test process exits. Images are built as OCI layouts here and pushed with skopeo.
/// </summary>
public sealed class RegistryServer
{
    public const string EnvironmentVariable = "TOLLGATE_TEST_REGISTRY";

    private static readonly Lazy<RegistryServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private RegistryServer(Uri url) => Url = url;

    public static RegistryServer Shared => SharedServer.Value;

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>Builds a one-layer image whose layer holds <paramref name="content"/> and pushes it as <c>repository:tag</c>; returns its manifest digest.</summary>
    public async Task<string> PushAsync(string repository, string tag, string content, DateTimeOffset created)
    {
        var layout = Directory.CreateTempSubdirectory("tollgate-oci-").FullName;
        try
        {
            var blobs = Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256")).FullName;
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
            var config = await BlobAsync(blobs, Encoding.UTF8.GetBytes(
                $$$"""{"architecture":"amd64","os":"linux","created":"{{{created.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}}","config":{},"rootfs":{"type":"layers","diff_ids":["{{{Digest(tar.ToArray())}}}"]}}"""));
            var manifestBytes = Encoding.UTF8.GetBytes(
                $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config.Digest}}}","size":{{{config.Size}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layer.Digest}}}","size":{{{layer.Size}}}}]}""");
            var manifest = await BlobAsync(blobs, manifestBytes);
            await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
            await File.WriteAllTextAsync(Path.Combine(layout, "index.json"),
                $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{manifest.Digest}}}","size":{{{manifest.Size}}},"annotations":{"org.opencontainers.image.ref.name":"{{{tag}}}"}}]}""");
            var (code, error) = Run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--quiet",
                $"oci:{layout}:{tag}", $"docker://{Url.Authority}/{repository}:{tag}");
            return code == 0 ? manifest.Digest : throw new InvalidOperationException($"skopeo copy to {Url.Authority}/{repository}:{tag} failed: {error}");
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
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

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        return (process.ExitCode, error);
    }
}
