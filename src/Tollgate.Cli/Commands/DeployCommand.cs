using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy</c>: record deploys (<c>start</c>, <c>finish</c>); the subcommands are one file each.</summary>
public static class DeployCommand
{
    public static Command Create(CliHost host) => new("deploy", "Record deploys of a service to an environment, for DORA and the retention floor")
    {
        DeployStartCommand.Create(host),
        DeployFinishCommand.Create(host),
    };
}
