namespace Tollgate.Processes;

/// <summary>
/// The environment variables Tollgate reads secrets from. No command it starts (a deploy, rollback or model hook,
/// terraform, conftest, opa, dot) sees them: <see cref="ChildProcess"/> removes them from every child's environment,
/// so a hook that logs its environment, or a tool that sends it somewhere, cannot pass them on. A secret a child does
/// need is given to it by name, as its own variable. A new secret variable is added here, and read through its name.
/// </summary>
public static class SecretVariables
{
    /// <summary>The bearer token for Prometheus (<c>tollgate canary</c>).</summary>
    public const string PrometheusToken = "TOLLGATE_PROMETHEUS_TOKEN";

    /// <summary>The password for <c>retention --username</c>.</summary>
    public const string RegistryPassword = "TOLLGATE_REGISTRY_PASSWORD";

    public static IReadOnlyList<string> All { get; } = [PrometheusToken, RegistryPassword];
}
