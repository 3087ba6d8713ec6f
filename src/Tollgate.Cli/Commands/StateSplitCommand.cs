using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Terraform.Graph.StateSplit;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate state-split</c>: binds the options to a <see cref="StateSplitRequest"/> and runs the <see cref="StateSplitGate"/>.</summary>
public static class StateSplitCommand
{
    public static Command Create(CliHost host)
    {
        var directory = new Argument<string>("directory") { Description = "A Terraform directory (or a plan or DOT file)" }.WhenEmpty("give a Terraform directory, a plan or a DOT file");
        var owners = new Option<string?>("--owners") { Description = "CODEOWNERS (paths to owners) or owners.yaml (module.path: team); default: owner/team tags, then top-level modules" };
        var limits = new GraphOptions();
        var common = new CommonOptions();
        var command = new Command("state-split", "Where to split one Terraform state by ownership and blast radius, and what would cross the boundaries");
        command.Arguments.Add(directory);
        command.Options.Add(owners);
        limits.AddTo(command);
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new StateSplitRequest(parse.GetValue(directory)!)
            {
                Owners = parse.GetValue(owners),
                Limits = limits.Read(parse),
                TerraformGraph = parse.GetValue(limits.TerraformGraph),
                TerraformTimeout = limits.TerraformTimeout.Value(parse),
                StandardInput = host.OpenInput,
            };
            string?[] inputs = [request.Subject, request.Owners];
            return common.RunGateAsync(parse, host, inputs, context => new StateSplitGate().RunAsync(request, context), new LineProgress(host.Error), cancellationToken);
        });
        return command;
    }
}
