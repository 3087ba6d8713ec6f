using System.Text;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// Retention against real registries that want a login: docker-registry with htpasswd (Basic) and with token auth
/// (Bearer, tokens from <see cref="RegistryTokenService"/>). Before: every one of these was exit 3 "the registry wants
/// credentials, and tollgate retention sends none".
/// </summary>
public sealed class OciRegistryLoginTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<Task<(RegistryTokenService Tokens, RegistryServer Registry)>> TokenRegistry = new(async () =>
    {
        var tokens = await RegistryTokenService.StartAsync();
        return (tokens, RegistryServer.WithTokenService(tokens));
    });

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-registry-login-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static string NewRepository() => "shop/r" + Guid.NewGuid().ToString("N")[..10];

    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    private static async Task PushAsync(RegistryServer registry, string repository, params int[] days)
    {
        foreach (var day in days)
        {
            await registry.PushAsync(repository, $"v{day}", $"build {day}", T0.AddDays(day));
        }
    }

    private string DockerConfig(string json)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "docker")).FullName;
        File.WriteAllText(Path.Combine(directory, "config.json"), json);
        return directory;
    }

    [Fact]
    public async Task ArtifactsAndDelete_HtpasswdRegistry_LogInWithTheDockerConfigAuth()
    {
        var registry = RegistryServer.WithHtpasswd;
        var repository = NewRepository();
        await PushAsync(registry, repository, 1, 2);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.HtpasswdUser}:{RegistryServer.HtpasswdPassword}"));
        var config = DockerConfig($$"""{"auths": {"http://{{registry.Url.Authority}}": {"auth": "{{auth}}"} } }""");
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, null, Variables(("DOCKER_CONFIG", config)), delete: true));

        var listed = await oci.ArtifactsAsync(repository, CancellationToken.None);
        await oci.DeleteAsync(repository, listed.Single(a => a.Tag == "v1").Digest, CancellationToken.None);

        listed.Select(a => (a.Tag, a.Created)).Order().ShouldBe([("v1", T0.AddDays(1)), ("v2", T0.AddDays(2))]);
        (await oci.ArtifactsAsync(repository, CancellationToken.None)).ShouldHaveSingleItem().Tag.ShouldBe("v2");
    }

    [Fact]
    public async Task Artifacts_HtpasswdRegistryWrongPassword_OneLineNamingTheRegistryAndTheSourceNeverThePassword()
    {
        var registry = RegistryServer.WithHtpasswd;
        var repository = NewRepository();
        await PushAsync(registry, repository, 1);
        var file = Path.Combine(_dir, "auth.json");
        File.WriteAllText(file, $$"""{"auths": {"{{registry.Url.Authority}}": {"username": "tollgate", "password": "Wr0ng-Secret"} } }""");
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, null, Variables(("REGISTRY_AUTH_FILE", file)), delete: false));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync(repository, CancellationToken.None));

        error.Message.ShouldStartWith($"{registry.Url}: GET {repository} tags answered 401 ");
        error.Message.ShouldEndWith($"(the registry refused the login of user tollgate from auths.{registry.Url.Authority} in {file})");
        error.Message.ShouldNotContain("Wr0ng-Secret");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task Artifacts_HtpasswdRegistryNoLoginAnywhere_SaysWhereItLooked()
    {
        var registry = RegistryServer.WithHtpasswd;
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, null, Variables(("HOME", _dir)), delete: false));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync(NewRepository(), CancellationToken.None));

        error.Message.ShouldEndWith(
            $"(the registry wants credentials, Basic login, and none were found: no --username, and no login for {registry.Url.Authority} in {_dir}/.config/containers/auth.json, {_dir}/.docker/config.json; run docker login {registry.Url.Authority} or pass --username with --password-stdin)");
    }

    [Fact]
    public async Task Artifacts_TokenRegistryWithoutCredentials_PullsWithAnAnonymousToken()
    {
        // Docker Hub's public pull: a Bearer challenge answered by a token asked for with no login.
        var (tokens, registry) = await TokenRegistry.Value;
        var repository = NewRepository();
        await PushAsync(registry, repository, 1, 2);
        var oci = new OciRegistry(_http, registry.Url, RegistryLogin.Anonymous(_http));

        var listed = await oci.ArtifactsAsync(repository, CancellationToken.None);

        listed.Select(a => a.Tag).Order().ShouldBe(["v1", "v2"]);
        Asked(tokens, repository).ShouldBe([$"anonymous repository:{repository}:pull"]);
    }

    [Fact]
    public async Task ArtifactsAndDelete_TokenRegistryWithALogin_AsksPullAndDeleteOnceAndDeletes()
    {
        var (tokens, registry) = await TokenRegistry.Value;
        var repository = NewRepository();
        await PushAsync(registry, repository, 1, 2);
        var login = RegistryCredential.Password(RegistryTokenService.User, RegistryTokenService.Password, "--username with --password-stdin");
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, login, _ => null, delete: true));

        var listed = await oci.ArtifactsAsync(repository, CancellationToken.None);
        await oci.DeleteAsync(repository, listed.Single(a => a.Tag == "v1").Digest, CancellationToken.None);

        (await oci.ArtifactsAsync(repository, CancellationToken.None)).ShouldHaveSingleItem().Tag.ShouldBe("v2");
        Asked(tokens, repository).ShouldBe([$"{RegistryTokenService.User} repository:{repository}:pull,delete"]);
    }

    [Fact]
    public async Task Delete_TokenRegistryAnonymous_RefusedSayingItWantsCredentials()
    {
        var (_, registry) = await TokenRegistry.Value;
        var repository = NewRepository();
        await PushAsync(registry, repository, 1);
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, null, Variables(("HOME", _dir)), delete: true));
        var digest = (await oci.ArtifactsAsync(repository, CancellationToken.None)).Single().Digest;

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.DeleteAsync(repository, digest, CancellationToken.None));

        error.Message.ShouldStartWith($"{registry.Url}: DELETE {repository}@{digest} answered 401 ");
        error.Message.ShouldContain("(the registry wants credentials, Bearer login, and none were found");
        (await oci.ArtifactsAsync(repository, CancellationToken.None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Artifacts_TokenExpired_AsksForANewOneAndGoesOn()
    {
        var (tokens, registry) = await TokenRegistry.Value;
        var repository = NewRepository();
        await PushAsync(registry, repository, 1);
        tokens.ExpireNext(1);
        tokens.AccessTokenField = true;
        try
        {
            var oci = new OciRegistry(_http, registry.Url, RegistryLogin.Anonymous(_http));

            (await oci.ArtifactsAsync(repository, CancellationToken.None)).ShouldHaveSingleItem().Tag.ShouldBe("v1");
            Asked(tokens, repository).Count.ShouldBe(2);
        }
        finally
        {
            tokens.ExpireNext(0);
            tokens.AccessTokenField = false;
        }
    }

    [Fact]
    public async Task Artifacts_TokenServiceRefusesThePassword_OneLineNamingTheRegistryAndTheSourceNeverThePassword()
    {
        var (_, registry) = await TokenRegistry.Value;
        var login = RegistryCredential.Password(RegistryTokenService.User, "Wr0ng-Secret", "--username with TOLLGATE_REGISTRY_PASSWORD");
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, login, _ => null, delete: false));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync(NewRepository(), CancellationToken.None));

        error.Message.ShouldStartWith($"{registry.Url}: the token service {new Uri(registry.Url, "/").Scheme}://");
        error.Message.ShouldContain($"refused the login of user {RegistryTokenService.User} from --username with TOLLGATE_REGISTRY_PASSWORD (401 ");
        error.Message.ShouldNotContain("Wr0ng-Secret");
        error.Message.ShouldNotContain("\n");
    }

    /// <summary>The token requests for <paramref name="repository"/> other than skopeo's pushes: "USER SCOPE…".</summary>
    private static List<string> Asked(RegistryTokenService tokens, string repository)
    {
        lock (tokens.Requests)
        {
            return tokens.Requests
                .Where(r => r.Scopes.Any(s => s.Contains(repository, StringComparison.Ordinal)) && !r.Scopes.Any(s => s.Contains("push", StringComparison.Ordinal)))
                .Select(r => $"{r.User ?? "anonymous"} {string.Join(' ', r.Scopes)}")
                .ToList();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
