namespace Tollgate.Processes.Tests;

/// <summary>
/// Tollgate's own secrets (the Prometheus token, the registry password) stay out of every command it starts: a hook,
/// terraform or conftest that prints or sends its environment cannot pass them on. Everything else is inherited.
/// </summary>
public sealed class ChildEnvironmentTests
{
    [Fact]
    public async Task RunAsync_SecretsInTollgatesEnvironment_ChildDoesNotSeeThem_OtherVariablesItDoes()
    {
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        var kept = "TOLLGATE_TEST_CHILD_ENV_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        foreach (var name in SecretVariables.All.Append(kept))
        {
            Environment.SetEnvironmentVariable(name, secret);
        }

        try
        {
            var result = await ChildProcess.RunAsync(new ChildCommand("/usr/bin/env", []) { Environment = new Dictionary<string, string?> { ["TOLLGATE_MODEL_VERSION"] = "2" } });

            result.Succeeded.ShouldBeTrue(result.Errors);
            var lines = result.Output.Split('\n');
            lines.ShouldContain($"{kept}={secret}");
            lines.ShouldContain("TOLLGATE_MODEL_VERSION=2");
            lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ShouldBe([$"{kept}={secret}"]);
            SecretVariables.All.ShouldBe(["TOLLGATE_PROMETHEUS_TOKEN", "TOLLGATE_REGISTRY_PASSWORD"]);
        }
        finally
        {
            foreach (var name in SecretVariables.All.Append(kept))
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
