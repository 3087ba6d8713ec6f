using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate k8s</c>: Kubernetes manifests; the subcommands are one file each.</summary>
public static class K8sCommand
{
    public static Command Create(CliHost host) => new("k8s", "Kubernetes manifests: rollout safety before they are applied")
    {
        K8sLintCommand.Create(host),
    };
}
