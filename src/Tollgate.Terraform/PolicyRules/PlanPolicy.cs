using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Rego;
using Tollgate.Policies.Scanners;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Running;

namespace Tollgate.Terraform.PolicyRules;

/// <summary>
/// What the policy adds to a plan's findings before the pipeline applies it: custom rule findings (CEL over each
/// <c>change</c> and the <c>plan</c>), imported scanner results (<c>--scan</c>), Rego results on the plan JSON
/// (<c>--rego</c>). Paths resolve against the gate's working directory.
/// </summary>
public sealed class PlanPolicy(string subject, TerraformPlan plan) : IPolicyRules
{
    public IReadOnlyList<string> Scans { get; init; } = [];

    /// <summary>Findings of scan results the host already read (<see cref="Analysis.PlanRequest.ScanFindings"/>), after those of <see cref="Scans"/>.</summary>
    public IReadOnlyList<Finding> ScanFindings { get; init; } = [];

    public string? RegoDirectory { get; init; }

    public RegoRunner Rego { get; init; } = RegoRunner.FromEnvironment();

    /// <summary>Renders a binary plan for Rego (bounded by <c>--terraform-timeout</c>).</summary>
    public TerraformCli Terraform { get; init; } = new();

    public async Task<IReadOnlyList<Finding>> EvaluateAsync(Policy policy, GateContext context)
    {
        var all = new List<Finding>(CustomRules.Evaluate(policy.Custom, plan, context.Cancellation));
        foreach (var scan in Scans)
        {
            all.AddRange(ScanImport.Load(context.Resolve(scan), scan));
        }

        all.AddRange(ScanFindings);

        if (RegoDirectory is not null)
        {
            all.AddRange(await RunRegoAsync(context));
        }

        return all;
    }

    private async Task<IReadOnlyList<Finding>> RunRegoAsync(GateContext context)
    {
        if (Rego.Find("conftest") is null && Rego.Find("opa") is null)
        {
            throw new InvalidInputException(RegoRunner.MissingMessage);
        }

        var full = context.Resolve(subject);
        var policies = context.Resolve(RegoDirectory!);
        if (Directory.Exists(full))
        {
            throw new InvalidInputException("--rego needs the plan as a file: run terraform plan -out=tfplan and give tfplan (or its terraform show -json output)");
        }

        if (!PlanSource.IsBinaryPlan(full))
        {
            return await Rego.RunAsync(policies, full, context.Cancellation);
        }

        PlanSource.CheckArchive(full, subject);
        var json = await Terraform.RunAsync(Path.GetDirectoryName(full)!, ["show", "-json", "-no-color", full], context.Cancellation);
        var scratch = Directory.CreateTempSubdirectory("tollgate-rego-");
        try
        {
            var planJson = Path.Combine(scratch.FullName, "plan.json");
            await File.WriteAllTextAsync(planJson, json, context.Cancellation);
            return await Rego.RunAsync(policies, planJson, context.Cancellation);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
