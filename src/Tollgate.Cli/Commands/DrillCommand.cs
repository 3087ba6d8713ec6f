using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate drill run|record|status</c>: rehearse rollbacks, record them, list services by staleness.</summary>
public static class DrillCommand
{
    public static Command Create(CliHost host) => new("drill", "Rehearse rollbacks: run or record a drill, list services by how long since their last one")
    {
        DrillRunCommand.Create(host),
        DrillRecordCommand.Create(host),
        DrillStatusCommand.Create(host),
    };
}
