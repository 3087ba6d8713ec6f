using System.Text;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>Where a registry login is found: the files docker, podman and skopeo write, in their order.</summary>
public sealed class RegistryAuthFilesTests : IDisposable
{
    private static readonly Uri Registry = new("https://registry.example.com:5000");
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-auth-files-").FullName;

    private string Write(string relative, string json)
    {
        var file = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, json);
        return file;
    }

    private Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => name == "HOME" ? _dir : set.FirstOrDefault(v => v.Name == name).Value;

    private static string Basic(string userAndPassword) => Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    [Fact]
    public void Find_HomeDockerConfigAuth_DecodesUserAndPasswordAtTheFirstColon()
    {
        var file = Write(".docker/config.json", $$"""{"auths": {"registry.example.com:5000": {"auth": "{{Basic("ci:pa:ss")}}"} } }""");

        var credential = RegistryAuthFiles.Find(Registry, "shop/web", Variables()).ShouldNotBeNull();

        credential.Username.ShouldBe("ci");
        credential.Source.ShouldBe($"auths.registry.example.com:5000 in {file}");
        credential.Basic!.Parameter.ShouldBe(Basic("ci:pa:ss"));
        credential.ToString().ShouldNotContain("pa:ss");
    }

    [Fact]
    public void Find_DockerHubUnderDockersOwnKey_IsFoundForRegistry1()
    {
        Write(".docker/config.json", $$"""{"auths": {"https://index.docker.io/v1/": {"auth": "{{Basic("hub:secret")}}"} } }""");

        RegistryAuthFiles.Find(new Uri("https://registry-1.docker.io"), "library/alpine", Variables())!.Username.ShouldBe("hub");
    }

    [Fact]
    public void Find_NamespaceKeys_TheLongestThatHoldsTheRepositoryWins()
    {
        var file = Write("auth.json", """
            {"auths": {
              "registry.example.com:5000": {"username": "everyone", "password": "a"},
              "registry.example.com:5000/shop": {"username": "shop-robot", "password": "b"},
              "registry.example.com:5000/shopping": {"username": "other", "password": "c"}
            } }
            """);

        RegistryAuthFiles.Find(Registry, "shop/web", Variables(("REGISTRY_AUTH_FILE", file)))!.Username.ShouldBe("shop-robot");
        RegistryAuthFiles.Find(Registry, "billing/api", Variables(("REGISTRY_AUTH_FILE", file)))!.Username.ShouldBe("everyone");
    }

    [Fact]
    public void Find_XdgRuntimeDirBeforeHome_AndDockerConfigHidesHome()
    {
        var runtime = Path.Combine(_dir, "run");
        Write("run/containers/auth.json", """{"auths": {"registry.example.com:5000": {"username": "podman", "password": "p"} } }""");
        Write(".docker/config.json", """{"auths": {"registry.example.com:5000": {"username": "home", "password": "h"} } }""");
        var elsewhere = Path.Combine(_dir, "elsewhere");
        Directory.CreateDirectory(elsewhere);

        RegistryAuthFiles.Find(Registry, "shop/web", Variables(("XDG_RUNTIME_DIR", runtime)))!.Username.ShouldBe("podman");
        RegistryAuthFiles.Find(Registry, "shop/web", Variables(("DOCKER_CONFIG", elsewhere))).ShouldBeNull();
    }

    [Fact]
    public void Find_IdentityToken_IsTheCredential()
    {
        Write(".docker/config.json", """{"auths": {"registry.example.com:5000": {"auth": "", "identitytoken": "refresh-me"} } }""");

        var credential = RegistryAuthFiles.Find(Registry, "shop/web", Variables())!;

        credential.IdentityToken.ShouldBe("refresh-me");
        credential.Basic.ShouldBeNull();
    }

    [Fact]
    public void Find_CredentialHelperAndNoInlineLogin_Exit3NamingTheHelper()
    {
        var file = Write(".docker/config.json", """{"auths": {"registry.example.com:5000": {} }, "credHelpers": {"registry.example.com:5000": "ecr-login"}, "credsStore": "desktop"}""");

        var error = Should.Throw<InvalidInputException>(() => RegistryAuthFiles.Find(Registry, "shop/web", Variables()));

        error.Message.ShouldStartWith($"the login for registry.example.com:5000 is kept by the credential helper docker-credential-ecr-login (credHelpers.registry.example.com:5000 in {file}), which tollgate does not run: ");
    }

    [Fact]
    public void Find_CredentialHelperButAnInlineLoginInAnotherFile_UsesTheInlineLogin()
    {
        Write(".docker/config.json", """{"credsStore": "desktop"}""");
        var file = Write("auth.json", """{"auths": {"registry.example.com:5000": {"username": "ci", "password": "x"} } }""");

        RegistryAuthFiles.Find(Registry, "shop/web", Variables(("REGISTRY_AUTH_FILE", file)))!.Username.ShouldBe("ci");
    }

    [Theory]
    [InlineData("""{"auths": {"registry.example.com:5000": {"auth": "not base64!"} } }""", "auths.registry.example.com:5000 in FILE: \"auth\" is not base64 of user:password")]
    [InlineData("""{"auths": {""", "FILE: not JSON (line 1): a registry auth file is a JSON object with \"auths\"")]
    public void Find_BrokenFile_OneLineNamingIt(string json, string expected)
    {
        var file = Write(".docker/config.json", json);

        Should.Throw<InvalidInputException>(() => RegistryAuthFiles.Find(Registry, "shop/web", Variables())).Message.ShouldBe(expected.Replace("FILE", file, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
