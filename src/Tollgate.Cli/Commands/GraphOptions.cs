using System.CommandLine;
using Tollgate.Domain;
using Tollgate.Terraform.Graph;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The limits shared by <c>graph</c> and <c>state-split</c> (command-line values override the policy's <c>rules:</c>
/// thresholds), and how a directory is read: its <c>.tf</c> files, plus <c>terraform graph</c> with <c>--terraform-graph</c>.
/// </summary>
public sealed class GraphOptions
{
    public Option<int?> FanOut { get; } = new("--fan-out") { Description = "Direct dependents above which a node is a hub (default 100)" };

    public Option<int?> MaxBlastRadius { get; } = new("--max-blast-radius") { Description = "Review when a changed resource has more transitive dependents" };

    public Option<int?> MaxChanged { get; } = new("--max-changed") { Description = "Review when more resources change" };

    public Option<int?> MaxDestroyed { get; } = new("--max-destroyed") { Description = "Review when more resources are destroyed or replaced" };

    public Option<bool> TerraformGraph { get; } = new("--terraform-graph")
    {
        Description = "For a directory, also run terraform graph and merge its edges (bounded by --terraform-timeout; default: the .tf files alone)",
    };

    public TerraformTimeoutOption TerraformTimeout { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(TerraformGraph);
        TerraformTimeout.AddTo(command);
        command.Options.Add(FanOut);
        command.Options.Add(MaxBlastRadius);
        command.Options.Add(MaxChanged);
        command.Options.Add(MaxDestroyed);
    }

    /// <summary>An owners directory is refused by name here: the owners reader would only say it does not exist.</summary>
    public static void RefuseOwnersDirectory(string? owners, CliHost host)
    {
        if (owners is not null && Directory.Exists(Path.GetFullPath(owners, host.WorkingDirectory)))
        {
            throw new InvalidInputException($"--owners {owners} is a directory: give a CODEOWNERS file or an owners.yaml map of modules to teams");
        }
    }

    public GraphLimits Read(ParseResult parse) =>
        new(parse.GetValue(FanOut), parse.GetValue(MaxBlastRadius), parse.GetValue(MaxChanged), parse.GetValue(MaxDestroyed));
}
