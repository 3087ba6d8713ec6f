using System.Net;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// A registry that refuses a manifest DELETE with 403 and no login challenge (deletes disabled by its policy, or
/// forbidden for this login): a refusal of the operation, not a login wanted (that is a 401 with a challenge).
/// </summary>
public sealed class DeleteRefusedTests : IDisposable
{
    private const string Denied = """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delete-refused-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private Func<string, string?> Home => name => name == "HOME" ? _dir : null;

    [Fact]
    public async Task Delete_403WithoutChallengeAndNoLogin_SaysTheRegistryRefusesDeletesNotThatItWantsCredentials()
    {
        // Before: "(the registry wants credentials, and none were found: …; run docker login …)" though no login was asked for.
        await using var registry = await ScriptedServer.StartAsync((HttpStatusCode.Forbidden, Denied));
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, null, Home, delete: true));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.DeleteAsync("shop/web", "sha256:1aa7", CancellationToken.None));

        error.Message.ShouldContain("DELETE shop/web@sha256:1aa7 answered 403 {\"errors\":[{\"code\":\"DENIED\"");
        error.Message.ShouldEndWith("(the registry refuses deletes in shop/web and asked for no login: deleting is disabled or forbidden by the registry's policy, not a missing login)");
        error.Message.ShouldNotContain("wants credentials");
        error.Message.ShouldNotContain("docker login");
    }

    [Fact]
    public async Task Delete_403WithAChallengeAndNoLogin_SaysTheRegistryWantsCredentials()
    {
        // A 403 that asks for a login (WWW-Authenticate) with none found: the credentials line, not "asked for no login".
        await using var registry = await ScriptedServer.StartAsync((HttpStatusCode.Forbidden, Denied));
        registry.Headers["WWW-Authenticate"] = "Basic realm=\"registry\"";
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, null, Home, delete: true));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.DeleteAsync("shop/web", "sha256:1aa7", CancellationToken.None));

        error.Message.ShouldContain("(the registry wants credentials, Basic login, and none were found");
        error.Message.ShouldNotContain("asked for no login");
    }

    [Fact]
    public async Task Delete_403ToALogin_SaysDeletesAreRefusedToThatLogin()
    {
        await using var registry = await ScriptedServer.StartAsync((HttpStatusCode.Forbidden, Denied));
        var login = RegistryCredential.Password("ci", "s3cret", "--username with --password-stdin");
        var oci = new OciRegistry(_http, registry.Url, new RegistryLogin(_http, login, Home, delete: true));

        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.DeleteAsync("shop/web", "sha256:1aa7", CancellationToken.None));

        error.Message.ShouldEndWith($"(the registry refuses deletes in shop/web to {login.Who}: deleting is disabled, or forbidden for this login)");
        error.Message.ShouldNotContain("s3cret");
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
