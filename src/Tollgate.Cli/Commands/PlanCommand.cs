using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Ledger;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate plan</c>: the Terraform plan gate. Parse, judge, record, render.</summary>
public static class PlanCommand
{
    public static Command Create(CliHost host)
    {
        var input = new TerraformInputOptions();
        var common = new CommonOptions();
        var command = new Command("plan", "Gate a Terraform plan: destroys, replace chains, renames, forgets and sensitive changes; review bound to the exact plan");
        input.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var subject = parse.GetValue(input.Plan)!;
            var plan = await PlanLoading.LoadAsync(host, subject, input.Read(parse), cancellationToken);
            var gate = new PlanGate();
            var findings = gate.Evaluate(plan);
            await using var ledger = await LedgerLocation.OpenAsync(parse.GetValue(common.Ledger), host.WorkingDirectory, host.Clock, cancellationToken);
            var approvals = await ledger.ApprovalsForAsync(plan.Digest, cancellationToken);
            var report = gate.Judge(subject, plan, findings, approvals);
            await ledger.RecordAsync(report, cancellationToken);
            await ReportWriter.WriteAsync(host, report, parse.GetValue(common.Format), parse.GetValue(common.Output));
            return report.ExitCode;
        });
        return command;
    }
}
