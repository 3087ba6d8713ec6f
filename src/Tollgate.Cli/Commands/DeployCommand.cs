using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy</c>: record deploys (<c>start</c>, <c>finish</c>); the subcommands are one file each.</summary>
public static class DeployCommand
{
    public static Command Create(CliHost host) => new("deploy", "Record, watch and run deploys: deploy → SLI watch window → promote or roll back")
    {
        DeployStartCommand.Create(host),
        DeployFinishCommand.Create(host),
        DeployWatchCommand.Create(host),
        DeployRunCommand.Create(host),
    };
}
