using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A plan as the target of an approval: the digest the gate binds its review to, and the findings that ask for a
/// review once the policy is applied, as <see cref="GatePipeline"/> decides them: with the plan's custom rules,
/// <c>--scan</c> and <c>--rego</c> findings, so an approval binds the scan findings the gate's digest binds.
/// </summary>
public static class PlanApproval
{
    public static async Task<ApprovalTarget> TargetAsync(PlanRequest request, GateContext context) =>
        (await TargetOfAsync(request, context)).Target;

    /// <summary>
    /// The target, with the plan's own digest (<see cref="Plan.TerraformPlan.Digest"/>) that its review digest is made
    /// from, and that every plan gate is recorded with (<see cref="Domain.Reports.Report.InputDigest"/>).
    /// </summary>
    public static async Task<(ApprovalTarget Target, string PlanDigest)> TargetOfAsync(PlanRequest request, GateContext context)
    {
        var plan = await PlanGate.LoadAsync(request, context);
        var evidence = new PlanGate().Gather(request, plan, context);
        // As the pipeline does: the policy's own rules (custom rules, --scan, --rego) join the findings first.
        var findings = evidence.PolicyRules is { } rules ? [.. evidence.Findings, .. await rules.EvaluateAsync(context.Policy, context)] : evidence.Findings;
        var applied = PolicyApplication.Apply(context.Policy, findings, context.Clock);
        var reviewing = VerdictDecision.Reviewing(context.Policy, evidence.Rules, applied.Findings);
        return (new ApprovalTarget(
            evidence.ReviewDigest(reviewing),
            request.Plan,
            reviewing,
            ReviewedFindings.OfPlan(reviewing),
            "nothing in this plan asks for a review under this policy")
        {
            Failing = VerdictDecision.Failing(context.Policy, evidence.Rules, applied.Findings),
            ApprovalPath = ApproverPath.Of(request.Plan, context.WorkingDirectory),
        }, plan.Digest);
    }
}
