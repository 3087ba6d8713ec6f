using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// Answers a registry's 401 challenge. <c>Basic</c>: the user and password. <c>Bearer</c> (Docker's token
/// authentication, https://distribution.github.io/distribution/spec/auth/token/): <c>GET realm?service=…&amp;scope=…</c>
/// with the user and password as Basic, or anonymously when there are none (public pull), or, for an identity token,
/// the OAuth2 <c>POST realm</c> with <c>grant_type=refresh_token</c>
/// (https://distribution.github.io/distribution/spec/auth/oauth/); the answer's <c>token</c> or <c>access_token</c> is
/// then sent as <c>Authorization: Bearer</c>. The scope asked is <c>repository:NAME:pull</c>, or
/// <c>repository:NAME:pull,delete</c> for an apply, plus whatever the challenge names beyond that. The credential is
/// the one given (<c>--username</c>) or else the one <see cref="RegistryAuthFiles"/> finds, looked up at the first
/// challenge only: a registry that asks for none never has its auth files read. A Bearer token is renewed before it
/// expires, at 80% of the answer's <c>expires_in</c> (60 s when it has none, as the token specification says) on
/// <paramref name="clock"/>, so a long run (listing and deleting many tags) never sends an expired token; a renewal the
/// token service refuses while the old token is still valid keeps the old one and asks again on the next request.
/// </summary>
public sealed class RegistryLogin(HttpClient http, RegistryCredential? given, Func<string, string?> variable, bool delete, TimeProvider? clock = null)
{
    /// <summary>How long a token lives when the token service does not say (Docker's token specification).</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The share of its lifetime after which a token is renewed before a request.</summary>
    public const double RenewAt = 0.8;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private RegistryCredential? _credential = given;
    private bool _looked = given is not null;
    private BearerGrant? _grant;

    /// <summary>No credentials and no auth files: anonymous token flow only.</summary>
    public static RegistryLogin Anonymous(HttpClient http) => new(http, null, _ => null, delete: false);

    /// <summary>What each request carries, once a challenge has been answered.</summary>
    internal AuthenticationHeaderValue? Authorization { get; private set; }

    /// <summary>
    /// What the next request carries: <see cref="Authorization"/>, with a Bearer token renewed first when 80% of its
    /// lifetime has passed (the same challenge asked again). A renewal that fails while the token has not expired yet
    /// keeps it; once expired, the failure is the one-line error a first login's would be.
    /// </summary>
    internal async ValueTask<AuthenticationHeaderValue?> AuthorizationAsync(CancellationToken cancellationToken)
    {
        if (_grant is not { } grant || _clock.GetUtcNow() < grant.RenewAt)
        {
            return Authorization;
        }

        try
        {
            Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(grant.Challenge, grant.Registry, grant.Repository, Credential(grant.Registry, grant.Repository), cancellationToken));
        }
        catch (InvalidInputException) when (_clock.GetUtcNow() < grant.Expires)
        {
            // The token still works: use it, and ask again before the next request.
        }

        return Authorization;
    }

    /// <summary>
    /// Sets <see cref="Authorization"/> for <paramref name="challenge"/>, the request's <paramref name="attempt"/>-th (from
    /// 0); false when there is nothing (more) to try: no credential for Basic, or a Bearer token already asked for twice.
    /// </summary>
    internal async Task<bool> AnswerAsync(RegistryChallenge challenge, Uri registry, string repository, int attempt, CancellationToken cancellationToken)
    {
        var credential = Credential(registry, repository);
        if (challenge.IsBasic)
        {
            if (attempt > 0 || credential?.Basic is not { } basic)
            {
                return false;
            }

            Authorization = basic;
            _grant = null;
            return true;
        }

        if (!challenge.IsBearer || challenge.Realm is null || attempt > 1)
        {
            return false;
        }

        Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(challenge, registry, repository, credential, cancellationToken));
        return true;
    }

    /// <summary>Why the registry still answered 401 or 403, for the one-line error: who was refused, or where no login was found.</summary>
    /// <param name="deleting">The refused request is a manifest <c>DELETE</c>.</param>
    internal string Refusal(HttpResponseMessage response, Uri registry, string repository, bool deleting = false)
    {
        var credential = Credential(registry, repository);
        var asked = RegistryChallenge.Of(response);
        var challenge = asked is { } c ? $", {c.Scheme} login" : "";
        if (deleting && response.StatusCode == HttpStatusCode.Forbidden && (asked is null || credential is not null))
        {
            // A 403 is a refusal of the operation, not a request to log in (that is a 401 with a challenge): the registry
            // that just answered every read refuses deletes, by its configuration or for this login.
            return credential is null
                ? $" (the registry refuses deletes in {repository} and asked for no login: deleting is disabled or forbidden by the registry's policy, not a missing login)"
                : $" (the registry refuses deletes in {repository} to {credential.Who}: deleting is disabled, or forbidden for this login)";
        }

        if (credential is null)
        {
            var files = RegistryAuthFiles.Searched(variable);
            return $" (the registry wants credentials{challenge}, and none were found: no --username, and no login for {registry.Authority} in {(files.Count == 0 ? "any auth file" : string.Join(", ", files))}; run docker login {registry.Authority} or pass --username with --password-stdin)";
        }

        return response.StatusCode == HttpStatusCode.Forbidden
            ? $" ({credential.Who} is logged in but may not {(delete ? "read or delete in" : "read")} {repository})"
            : $" (the registry refused the login of {credential.Who})";
    }

    /// <summary>Masks the password and token in text a server sent back.</summary>
    internal string Masked(string text) => _credential?.Masked(text) ?? text;

    private RegistryCredential? Credential(Uri registry, string repository)
    {
        if (!_looked)
        {
            _credential = RegistryAuthFiles.Find(registry, repository, variable);
            _looked = true;
        }

        return _credential;
    }

    private async Task<string> TokenAsync(RegistryChallenge challenge, Uri registry, string repository, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var realm = Realm(registry, challenge.Realm!);
        var scopes = Scopes(repository, challenge.Scope);
        var asked = _clock.GetUtcNow(); // the lifetime counts from the request, not the answer: never later than the service's
        using var request = credential?.IdentityToken is { } refresh
            ? new HttpRequestMessage(HttpMethod.Post, realm)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["service"] = challenge.Service ?? "", ["scope"] = string.Join(' ', scopes), ["client_id"] = "tollgate",
                }),
            }
            : new HttpRequestMessage(HttpMethod.Get, Query(realm, challenge.Service, scopes)) { Headers = { Authorization = credential?.Basic } };
        using var response = await SendAsync(request, registry, realm, cancellationToken);
        var body = Masked(await response.Content.ReadAsStringAsync(cancellationToken));
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InvalidInputException(credential is null
                ? $"{Shown(registry)}: the token service {Service(realm)} answered {(int)response.StatusCode} to an anonymous request{Refusal(response, registry, repository)}"
                : $"{Shown(registry)}: the token service {Service(realm)} refused the login of {credential.Who} ({(int)response.StatusCode} {Short(body)})");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidInputException($"{Shown(registry)}: the token service {Service(realm)} answered {(int)response.StatusCode} {Short(body)}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in new[] { "token", "access_token" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var token)
                    && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } value)
                {
                    var lifetime = Lifetime(document.RootElement);
                    _grant = new BearerGrant(challenge, registry, repository, asked + lifetime * RenewAt, asked + lifetime);
                    return value;
                }
            }
        }
        catch (JsonException)
        {
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            // A token or name escaping half a surrogate pair alone: where in the answer, never its text (a token is a secret).
            throw new InvalidInputException($"{Shown(registry)}: the token service {Service(realm)} answered JSON that is {IllFormedText.Locate(Encoding.UTF8.GetBytes(body), problem)}", e);
        }

        throw new InvalidInputException($"{Shown(registry)}: the token service {Service(realm)} answered without a token (no \"token\" or \"access_token\" in its JSON)");
    }

    /// <summary>
    /// Where the challenge sends the login: an http(s) URL, and an https one when the registry is https, so a registry
    /// reached over TLS never has its password (or identity token) sent in clear to a token service it names, by a
    /// mistake in its configuration or by whoever altered its answer. Refused before anything is sent.
    /// </summary>
    private static Uri Realm(Uri registry, string realm)
    {
        var url = Uri.TryCreate(registry, realm, out var resolved) ? resolved : null;
        if (url is null || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidInputException($"{Shown(registry)}: its WWW-Authenticate realm '{Domain.Reports.TextSafe.Line(PrometheusUrl.RedactText(realm))}' is not an http(s) URL: no login was sent");
        }

        return registry.Scheme == Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttps
            ? throw new InvalidInputException($"{Shown(registry)}: its token service {Service(url)} is plain http while the registry is https: refused, so no login or token crosses the network unencrypted (the registry's WWW-Authenticate realm must be https)")
            : url;
    }

    /// <summary>
    /// The answer's <c>expires_in</c> (seconds, a positive number), else <see cref="DefaultTokenLifetime"/>: a missing,
    /// zero, negative or non-numeric one is the specification's default, never a token that lives forever.
    /// </summary>
    private static TimeSpan Lifetime(JsonElement answer) =>
        answer.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number
        && seconds.TryGetDouble(out var value) && value > 0 && value < TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(value)
            : DefaultTokenLifetime;

    /// <summary>The scope retention needs, then any the challenge names that it does not cover (e.g. <c>repository:NAME:*</c>).</summary>
    private List<string> Scopes(string repository, string? asked)
    {
        var needed = $"repository:{repository}:{(delete ? "pull,delete" : "pull")}";
        var scopes = new List<string> { needed };
        foreach (var scope in (asked ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Covers(needed, scope) && !scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        return scopes;
    }

    private static bool Covers(string held, string asked)
    {
        var (heldResource, heldActions) = Split(held);
        var (askedResource, askedActions) = Split(asked);
        return heldResource == askedResource && (heldActions.Contains("*") || askedActions.All(heldActions.Contains));
    }

    private static (string Resource, string[] Actions) Split(string scope) =>
        scope.LastIndexOf(':') is var colon and > 0 ? (scope[..colon], scope[(colon + 1)..].Split(',')) : (scope, []);

    private static Uri Query(Uri realm, string? service, List<string> scopes)
    {
        var query = (service is null ? [] : new[] { "service=" + Uri.EscapeDataString(service) }).Concat(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        return new UriBuilder(realm) { Query = string.Join('&', new[] { realm.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query)) }.Uri;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri registry, Uri realm, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"{Shown(registry)}: cannot reach its token service {Service(realm)}: {TransportFailure.Describe(e, realm)}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidInputException($"{Shown(registry)}: its token service {Service(realm)} did not answer in {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    /// <summary>A Bearer token's challenge (asked again to renew it), when to renew it, and when it expires.</summary>
    private sealed record BearerGrant(RegistryChallenge Challenge, Uri Registry, string Repository, DateTimeOffset RenewAt, DateTimeOffset Expires);

    /// <summary>The registry as messages name it: <c>--registry</c> with a user and password and each query value as <c>***</c>.</summary>
    internal static string Shown(Uri registry) => PrometheusUrl.Redact(registry);

    /// <summary>A token service as messages name it: its URL without the query, a user and password in it as <c>***</c>.</summary>
    private static string Service(Uri realm) => PrometheusUrl.RedactText(realm.GetLeftPart(UriPartial.Path));

    private static string Short(string body) => (body.Length > 200 ? body[..200] : body).ReplaceLineEndings(" ").Trim();
}
