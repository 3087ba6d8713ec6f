using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Ledger;
using Tollgate.Policies.Gate;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Graph;

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
        var scans = new Option<string[]>("--scan") { Description = "A Checkov, tfsec or Trivy result (SARIF, or their JSON) to judge with the plan (repeatable)" };
        var rego = new Option<string?>("--rego") { Description = "A directory of Rego policies to run on the plan JSON with conftest or opa (whichever is on PATH)" };
        command.Options.Add(scans);
        command.Options.Add(rego);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var subject = parse.GetValue(input.Plan)!;
            var policy = common.LoadPolicy(parse, host);
            var plan = await PlanLoading.LoadAsync(host, subject, input.Read(parse), input.Terraform(parse), cancellationToken);
            var gate = new PlanGate { Policy = policy };
            var findings = gate.Evaluate(plan).Concat(PlanGraphFindings.For(subject, plan, GraphThresholdsPolicy.From(policy))).ToList();
            await using var ledger = await common.OpenLedgerAsync(parse, host, cancellationToken);
            var approvals = await ledger.ApprovalsForAsync(plan.Digest, cancellationToken);
            var applied = await new PlanPolicy(policy, host.Clock) {
                Terraform = input.Terraform(parse),
                Scans = (parse.GetValue(scans) ?? []).Select(s => Path.GetFullPath(s, host.WorkingDirectory)).ToList(),
                RegoDirectory = parse.GetValue(rego) is { } dir ? Path.GetFullPath(dir, host.WorkingDirectory) : null,
            }
                .ApplyAsync(subject, plan, findings, cancellationToken);
            var report = applied.Annotate(gate.Judge(subject, plan, applied.Findings, approvals));
            await ledger.RecordAsync(report, cancellationToken);
            return await common.RenderAsync(parse, host, report);
        });
        return command;
    }
}
