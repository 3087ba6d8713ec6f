using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate retention plan</c> against a real registry that wants a Basic login (docker-registry with htpasswd),
/// the password from standard input or <c>TOLLGATE_REGISTRY_PASSWORD</c>, never on the command line or in any output.
/// </summary>
public sealed class RetentionLoginCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-retention-login-cli-").FullName;
    private readonly RegistryServer _registry = RegistryServer.WithHtpasswd;

    private static readonly Dictionary<string, string> NoVariables = [];

    /// <summary>A repository with v1..v3 built a day apart, and v1 deployed to production: the ledger it needs.</summary>
    private async Task<string> ArrangeAsync()
    {
        var repository = "shop/r" + Guid.NewGuid().ToString("N")[..10];
        var service = repository[(repository.IndexOf('/') + 1)..];
        foreach (var day in new[] { 1, 2, 3 })
        {
            await _registry.PushAsync(repository, $"v{day}", $"build {day}", T0.AddDays(day));
        }

        (await CliRun.RunAsync(_dir, "deploy", "start", service, "--version", "v1", "--env", "production", "--at", "2026-01-02T00:00:00Z")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "deploy", "finish", service, "--env", "production", "--result", "success", "--at", "2026-01-02T00:10:00Z")).ExitCode.ShouldBe(0);
        return repository;
    }

    private string[] Plan(string repository, params string[] more) =>
        ["retention", "plan", "--registry", _registry.Url.ToString(), "--repository", repository, "--keep", "1", .. more];

    /// <summary>The ledger's bytes as text, its write-ahead log too.</summary>
    private string Ledger() => string.Concat(Directory.GetFiles(Path.Combine(_dir, ".tollgate")).Select(File.ReadAllText));

    [Fact]
    public async Task RetentionPlan_PasswordStdin_LogsInListsNewestFirstAndNeverShowsThePassword()
    {
        // Before: exit 3 "the registry wants credentials, and tollgate retention sends none", and no --username.
        var repository = await ArrangeAsync();

        var run = await CliRun.RunAsync(_dir, RegistryServer.HtpasswdPassword + "\n", NoVariables, Plan(repository, "--username", RegistryServer.HtpasswdUser, "--password-stdin"));

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Out.Split('\n');
        lines[0].ShouldBe($"PASS: {_registry.Url.Authority}/{repository}: would delete 1 manifest, 1 tag; keeps 2");
        lines.SkipWhile(l => l != "keep (newest first):").Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Trim().Split(' ')[0]).ShouldBe(["v3", "v1"]);
        run.Out.ShouldContain("delete (newest first):\n  v2 ");
        (run.Out + run.Error + Ledger()).ShouldNotContain(RegistryServer.HtpasswdPassword);
    }

    [Fact]
    public async Task RetentionPlan_WrongPasswordInTheVariable_Exit3OneLineNamingTheRegistryAndTheSource()
    {
        var repository = await ArrangeAsync();
        var variables = new Dictionary<string, string> { ["TOLLGATE_REGISTRY_PASSWORD"] = "Wr0ng-Secret" };

        var run = await CliRun.RunAsync(_dir, "", variables, Plan(repository, "--username", RegistryServer.HtpasswdUser));

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldStartWith($"tollgate: error: {_registry.Url}: GET {repository} tags answered 401 ");
        run.Error.ShouldEndWith($"(the registry refused the login of user {RegistryServer.HtpasswdUser} from --username with TOLLGATE_REGISTRY_PASSWORD)\n");
        run.Error.TrimEnd('\n').ShouldNotContain("\n");
        (run.Out + run.Error + Ledger()).ShouldNotContain("Wr0ng-Secret");
    }

    [Fact]
    public async Task RetentionPlan_OnlyACredentialHelperKnowsTheLogin_Exit3NamingIt()
    {
        var repository = await ArrangeAsync();
        var config = Directory.CreateDirectory(Path.Combine(_dir, "docker")).FullName;
        File.WriteAllText(Path.Combine(config, "config.json"), """{"auths": {}, "credsStore": "desktop"}""");

        var run = await CliRun.RunAsync(_dir, "", new Dictionary<string, string> { ["DOCKER_CONFIG"] = config }, Plan(repository));

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe(
            $"tollgate: error: the login for {_registry.Url.Authority} is kept by the credential helper docker-credential-desktop (credsStore in {config}/config.json), which tollgate does not run: pass --username with --password-stdin (or TOLLGATE_REGISTRY_PASSWORD), or a file with the login inline in $REGISTRY_AUTH_FILE\n");
    }

    [Theory]
    [InlineData("--username tollgate", "", "--username tollgate needs its password from --password-stdin or the TOLLGATE_REGISTRY_PASSWORD variable (never on the command line)")]
    [InlineData("--password-stdin", "secret", "--password-stdin needs --username: the password is for that user")]
    [InlineData("--username tollgate --password-stdin", "\n", "--password-stdin: standard input is empty; pipe the password in (printf %s \"$PASSWORD\" | tollgate retention …)")]
    public async Task RetentionPlan_PasswordWithoutItsPair_Exit3BeforeAnythingRuns(string options, string input, string expected)
    {
        var run = await CliRun.RunAsync(_dir, input, NoVariables, Plan("shop/web", options.Split(' ')));

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {expected}\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
