using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model …</c>: the model promotion pillar's commands.</summary>
public static class ModelCommand
{
    public static Command Create(CliHost host) => new("model", "Model promotion guardrails: registry and lineage, promotion, rollback and drills, drift, skew and trends")
    {
        ModelRegisterCommand.Create(host),
        ModelLineageCommand.Create(host),
        ModelWhichCommand.Create(host),
        ModelLiveCommand.Create(host),
        ModelImportCommand.Create(host),
        ModelShadowCommand.Create(host),
        ModelPromoteCommand.Create(host),
        ModelRollbackCommand.Create(host),
        ModelDrillCommand.Create(host),
        ModelDriftCommand.Create(host),
        ModelAlertRulesCommand.Create(host),
        ModelProfileCommand.Create(host),
        ModelTrendCommand.Create(host),
    };
}
