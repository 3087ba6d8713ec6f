using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model …</c>: the model promotion pillar's commands.</summary>
public static class ModelCommand
{
    public static Command Create(CliHost host) => new("model", "Model promotion guardrails: drift, skew and trends")
    {
        ModelDriftCommand.Create(host),
        ModelProfileCommand.Create(host),
        ModelTrendCommand.Create(host),
    };
}
