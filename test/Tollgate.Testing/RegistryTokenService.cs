using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Tollgate.Testing;

/// <summary>
/// The token service of Docker's token authentication (https://distribution.github.io/distribution/spec/auth/token/) for
/// a real docker-registry configured with <c>auth: token:</c> (<see cref="RegistryServer.WithTokenService"/>): answers
/// <c>GET /token?service=…&amp;scope=…</c> with a JWT signed by its own self-signed certificate (the registry's
/// <c>rootcertbundle</c>), granting the asked actions to <see cref="User"/> with <see cref="Password"/> and only
/// <c>pull</c> to anonymous callers; a wrong password is 401. Each request's scopes and user are kept.
/// </summary>
public sealed class RegistryTokenService : IAsyncDisposable
{
    public const string User = "robot";
    public const string Password = "t0ken:Pa55";
    public const string Service = "tollgate-test-registry";
    public const string Issuer = "tollgate-test-issuer";

    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly ScriptedServer _server;
    private int _expired;

    private RegistryTokenService(ScriptedServer server)
    {
        var request = new CertificateRequest("CN=" + Issuer, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _server = server;
    }

    public static async Task<RegistryTokenService> StartAsync()
    {
        RegistryTokenService? service = null;
        var server = await ScriptedServer.StartAsync(request => service!.Answer(request));
        service = new RegistryTokenService(server);
        return service;
    }

    /// <summary>The realm: <c>http://127.0.0.1:PORT/token</c>.</summary>
    public Uri Realm => new(_server.Url, "token");

    /// <summary>The PEM certificate the registry trusts tokens by.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>Answer with <c>access_token</c> (as OAuth2 servers do) instead of <c>token</c>.</summary>
    public bool AccessTokenField { get; set; }

    /// <summary>The <c>expires_in</c> of each answer (seconds), as short-lived tokens have it; null answers without one.</summary>
    public double? ExpiresIn { get; set; }

    /// <summary>While true, every token request is answered 503 (the service is down).</summary>
    public bool Unavailable { get; set; }

    /// <summary>How many of the next tokens are issued already expired (the registry answers 401 to them).</summary>
    public void ExpireNext(int count) => Interlocked.Exchange(ref _expired, count);

    /// <summary>Each token request: the user (null: anonymous) and the scopes asked, in order.</summary>
    public List<(string? User, IReadOnlyList<string> Scopes)> Requests { get; } = [];

    private (HttpStatusCode, string) Answer(HttpListenerRequest request)
    {
        var user = request.Headers["Authorization"] is { } authorization && authorization.StartsWith("Basic ", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]))
            : null;
        var scopes = request.QueryString.GetValues("scope") ?? [];
        lock (Requests)
        {
            Requests.Add((user?.Split(':')[0], scopes));
        }

        if (Unavailable)
        {
            return (HttpStatusCode.ServiceUnavailable, """{"details":"token service unavailable"}""");
        }

        if (user is not null && user != $"{User}:{Password}")
        {
            return (HttpStatusCode.Unauthorized, """{"details":"incorrect username or password"}""");
        }

        var access = scopes.Select(s => s.Split(':')).Where(s => s.Length == 3 && s[0] == "repository")
            .Select(s => new { type = "repository", name = s[1], actions = s[2].Split(',').Where(a => user is not null || a == "pull").ToArray() });
        var now = DateTimeOffset.UtcNow;
        var expired = Interlocked.Decrement(ref _expired) >= 0;
        var claims = new
        {
            iss = Issuer, sub = user is null ? "" : User, aud = Service, jti = Guid.NewGuid().ToString("N"),
            iat = now.AddMinutes(-10).ToUnixTimeSeconds(), nbf = now.AddMinutes(-10).ToUnixTimeSeconds(),
            exp = (expired ? now.AddMinutes(-5) : now.AddMinutes(5)).ToUnixTimeSeconds(), access,
        };
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var signed = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = $"{signed}.{Base64Url(signature)}";
        var answer = new Dictionary<string, object> { [AccessTokenField ? "access_token" : "token"] = token };
        if (ExpiresIn is { } seconds)
        {
            answer["expires_in"] = seconds;
        }

        return (HttpStatusCode.OK, JsonSerializer.Serialize(answer));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
