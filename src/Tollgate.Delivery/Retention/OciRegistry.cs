using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// An OCI registry through the Distribution API (https://github.com/opencontainers/distribution-spec/blob/main/spec.md):
/// <c>GET /v2/NAME/tags/list</c> (following <c>Link</c> pages), <c>HEAD</c>/<c>GET /v2/NAME/manifests/TAG</c> with the
/// OCI and Docker manifest media types in <c>Accept</c> (the digest is <c>Docker-Content-Digest</c>), the config blob
/// for the image's <c>created</c> time, and <c>DELETE /v2/NAME/manifests/DIGEST</c>, all under the base URL's path
/// (<c>https://host/prefix</c> asks <c>https://host/prefix/v2/…</c>). A 401 is answered by <see cref="RegistryLogin"/>
/// and the request sent again; a Bearer token near its expiry is renewed before a request is sent with it.
/// </summary>
public sealed class OciRegistry(HttpClient http, Uri baseUrl, RegistryLogin? login = null) : IArtifactRegistry
{
    private readonly Uri _root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    private readonly RegistryLogin _login = login ?? RegistryLogin.Anonymous(http);
    private readonly string _shown = RegistryLogin.Shown(baseUrl);

    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    public async Task<IReadOnlyList<TaggedArtifact>> ArtifactsAsync(string repository, CancellationToken cancellationToken)
    {
        var artifacts = new List<TaggedArtifact>();
        foreach (var tag in await TagsAsync(repository, cancellationToken))
        {
            artifacts.Add(await ResolveAsync(repository, tag, cancellationToken));
        }

        return artifacts;
    }

    public async Task DeleteAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Url($"v2/{repository}/manifests/{digest}")), repository, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted && !response.IsSuccessStatusCode)
        {
            throw new InvalidInputException($"{_shown}: DELETE {repository}@{digest} answered {(int)response.StatusCode} {await ErrorAsync(response, cancellationToken)}"
                + (response.StatusCode == HttpStatusCode.MethodNotAllowed ? " (deletes are disabled in the registry's storage configuration)" : LoginWanted(response, repository, deleting: true)));
        }
    }

    private async Task<List<string>> TagsAsync(string repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        var next = Url($"v2/{repository}/tags/list?n=1000");
        while (next is not null)
        {
            var page = next;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, page), repository, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new InvalidInputException($"{_shown}: no repository {repository}");
            }

            await EnsureAsync(response, repository, $"GET {repository} tags", cancellationToken);
            using var document = await JsonAsync(response, $"GET {repository} tags", cancellationToken);
            if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                tags.AddRange(list.EnumerateArray().Select(t => t.GetString()!).Where(t => t is not null));
            }

            next = NextPage(response);
        }

        return tags;
    }

    private async Task<TaggedArtifact> ResolveAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => ManifestRequest(repository, tag), repository, cancellationToken);
        await EnsureAsync(response, repository, $"GET {repository}:{tag} manifest", cancellationToken);
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First()
            : throw new InvalidInputException($"{_shown}: the manifest of {repository}:{tag} came without a Docker-Content-Digest header");
        using var manifest = await JsonAsync(response, $"GET {repository}:{tag} manifest", cancellationToken);
        var created = await CreatedAsync(repository, manifest.RootElement, cancellationToken);
        if (created is null && ImageOfIndex(manifest.RootElement) is { } image)
        {
            created = await ImageCreatedAsync(repository, image, cancellationToken);
        }

        return new TaggedArtifact(tag, digest, created) { Images = ImagesOfIndex(manifest.RootElement) };
    }

    /// <summary>
    /// The first platform image of an image index (a multi-platform image: what <c>docker buildx</c> pushes), skipping
    /// attestation manifests (platform <c>unknown/unknown</c>): the index has no config, its images' configs say when it
    /// was built.
    /// </summary>
    private static string? ImageOfIndex(JsonElement index) =>
        index.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array
            ? manifests.EnumerateArray()
                .Where(m => !(m.TryGetProperty("platform", out var platform) && platform.TryGetProperty("os", out var os) && os.ValueEquals("unknown")))
                .Select(m => m.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null)
                .FirstOrDefault(d => d is not null)
            : null;

    /// <summary>Every manifest an image index lists (platform images and attestations); none for an image manifest.</summary>
    private static List<string> ImagesOfIndex(JsonElement index) =>
        index.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array
            ? manifests.EnumerateArray()
                .Select(m => m.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!.ToLowerInvariant() : null)
                .OfType<string>()
                .ToList()
            : [];

    private async Task<DateTimeOffset?> ImageCreatedAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => ManifestRequest(repository, digest), repository, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var image = await JsonAsync(response, $"GET {repository}@{digest} manifest", cancellationToken);
        return await CreatedAsync(repository, image.RootElement, cancellationToken);
    }

    private Task<DateTimeOffset?> CreatedAsync(string repository, JsonElement manifest, CancellationToken cancellationToken) =>
        manifest.TryGetProperty("config", out var config) && config.TryGetProperty("digest", out var configDigest) && configDigest.ValueKind == JsonValueKind.String
            ? CreatedAsync(repository, configDigest.GetString()!, cancellationToken)
            : Task.FromResult<DateTimeOffset?>(null);

    private async Task<DateTimeOffset?> CreatedAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repository}/blobs/{digest}")), repository, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var config = await JsonAsync(response, $"GET {repository} image config {digest}", cancellationToken);
        return config.RootElement.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.String
            && Rfc3339.TryParse(created.GetString()!, out var time)
            ? time
            : null;
    }

    /// <summary>
    /// Sends the request <paramref name="make"/> makes with the login's authorization; a 401 is answered by the login
    /// (a Bearer challenge twice: a token that expired, or lacks a scope the challenge names) and a new request sent.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, string repository, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(make(), cancellationToken);
        for (var attempt = 0; response.StatusCode == HttpStatusCode.Unauthorized && RegistryChallenge.Of(response) is { } challenge; attempt++)
        {
            if (!await _login.AnswerAsync(challenge, baseUrl, repository, attempt, cancellationToken))
            {
                break;
            }

            response.Dispose();
            response = await SendOnceAsync(make(), cancellationToken);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            request.Headers.Authorization = await _login.AuthorizationAsync(cancellationToken);
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"cannot reach the registry at {_shown}: {Canary.Sources.TransportFailure.Describe(e, baseUrl)}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidInputException($"the registry at {_shown} did not answer in {http.Timeout.TotalSeconds:0} s", e);
        }
        finally
        {
            request.Dispose();
        }
    }

    private async Task EnsureAsync(HttpResponseMessage response, string repository, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidInputException($"{_shown}: {what} answered {(int)response.StatusCode} {await ErrorAsync(response, cancellationToken)}{LoginWanted(response, repository)}");
        }
    }

    // A registry that still answers 401 or 403 (Docker Hub, GHCR, ECR, Harbor want a login): who was refused, or
    // where no login was found.
    // A 403 to a DELETE is the registry refusing deletes (RegistryLogin.Refusal), not a login wanted.
    private string LoginWanted(HttpResponseMessage response, string repository, bool deleting = false) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? _login.Refusal(response, baseUrl, repository, deleting) : "";

    /// <summary>
    /// The answer's JSON; an answer that is not JSON (a login page, a proxy's error page served with 200), or whose
    /// strings are no text (<see cref="IllFormedText"/>: checked here, as they are read far from the request), is one
    /// line naming the registry and the request, never the JSON reader's own text.
    /// </summary>
    private async Task<JsonDocument> JsonAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            throw new InvalidInputException(
                $"{_shown}: {what} answered {(int)response.StatusCode} with {type}, not JSON: is --registry the OCI registry itself (not a login page or a proxy in front of it)?", e);
        }

        if (IllFormedText.Locate(body) is { } illFormed)
        {
            document.Dispose();
            throw new InvalidInputException($"{_shown}: {what} answered {(int)response.StatusCode} with JSON that is {illFormed}");
        }

        return document;
    }

    private async Task<string> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = _login.Masked(await response.Content.ReadAsStringAsync(cancellationToken));
        return (body.Length > 200 ? body[..200] : body).ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The next page from an RFC 8288 <c>Link: &lt;/v2/…&gt;; rel="next"</c> header.</summary>
    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open >= 0 && close > open && link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                var target = link[(open + 1)..close];
                return target.StartsWith("/v2/", StringComparison.Ordinal) ? Url(target[1..]) : new Uri(_root, target);
            }
        }

        return null;
    }

    /// <summary><c>GET /v2/NAME/manifests/REFERENCE</c> accepting the OCI and Docker manifest and index types.</summary>
    private HttpRequestMessage ManifestRequest(string repository, string reference)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repository}/manifests/{reference}"));
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    /// <summary><paramref name="path"/> (<c>v2/…</c>) under the base URL's path.</summary>
    private Uri Url(string path) => new(_root, path);
}
