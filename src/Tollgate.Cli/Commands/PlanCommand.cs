using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate plan</c>: binds the options to a <see cref="PlanRequest"/> and runs the <see cref="PlanGate"/>.</summary>
public static class PlanCommand
{
    public static Command Create(CliHost host)
    {
        var input = new TerraformInputOptions();
        var common = new CommonOptions();
        var command = new Command("plan", "Gate a Terraform plan: destroys, replace chains, renames, forgets and sensitive changes; review bound to the exact plan");
        input.AddTo(command);
        common.AddTo(command);
        input.AddScansTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = input.Request(parse, parse.GetValue(input.Plan)!, host.OpenInput);
            string?[] inputs = [request.Plan, .. request.Scans, .. request.Options.VarFiles];
            return TerminalStatus.RunAsync(host, request.Plan, progress =>
                common.RunGateAsync(parse, host, inputs, context => new PlanGate().RunAsync(request, context), progress, cancellationToken));
        });
        return command;
    }
}
